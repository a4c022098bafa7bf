"""Helpers for driving the report desk through the real app."""
from __future__ import annotations

import io
import re

from PIL import Image

VALID_ID_NUMBER = "11010519491231002X"  # the standard's own example, check digit correct


def jpeg_with_gps(colour=(200, 30, 30), marker: str = "CameraMaker") -> bytes:
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif[0x010F] = marker  # Make
    exif[0x0110] = "ModelX"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (38.0, 28.0, 12.5)
    gps[3], gps[4] = "E", (106.0, 16.0, 44.1)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()



def token_from(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return match.group(1)


def details(**overrides) -> dict:
    data = {
        "region": "640323",
        "category": "fictitious_services",
        "institution": "盐池县某医院",
        "narrative": "The hospital billed my mother's insurance for 10 days of treatment she never had.",
        "place": "Inpatient ward 3",
        "period": "March 2026",
        "amount": "12500.50",
        "identity_choice": "anonymous",
        "name": "", "id_number": "", "phone": "", "address": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, lang="en", files=(), confirm=True, **overrides):
    """Both steps of the report form; returns the final response."""
    page = client.get(f"/{lang}/report/new").get_data(as_text=True)
    token = token_from(page)
    data = details(**overrides)
    step1 = client.post(f"/{lang}/report/new", data={**data, "csrf_token": token, "stage": "details"})
    assert step1.status_code == 200, re.findall(r"<li><a href=\"#[^\"]*\">[^<]*</a></li>", step1.get_data(as_text=True))
    final = {**data, "csrf_token": token, "stage": "confirm"}
    if confirm:
        final["confirm"] = "y"
    if data.get("reward_wanted"):
        final["reward_wanted"] = "y"
    final["evidence"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(f"/{lang}/report/new", data=final, content_type="multipart/form-data")


def code_from(page: str) -> str:
    groups = re.search(r'class="tracking-code"[^>]*aria-label="([\d ]+)"', page).group(1)
    return groups


def open_report(client, code: str, lang="en"):
    page = client.get(f"/{lang}/report/check").get_data(as_text=True)
    return client.post(f"/{lang}/report/check", data={"code": code, "csrf_token": token_from(page)})


def staff_private_key(user, password: str = "correct horse battery staple") -> bytes:
    """A staff member's raw X25519 private key, opened with their password as sign-in does."""
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from portal import crypto

    return crypto.open_private_key(user.sealed_private_key, password).private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption())
