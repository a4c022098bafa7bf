"""Layout rules checked on the stylesheet and templates themselves."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static" / "css" / "portal.css").read_text(encoding="utf-8")


def _variables() -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("foreground, background", [
    ("ink", "paper"), ("accent", "paper"), ("accent-dark", "paper"), ("muted", "paper"),
    ("warn-ink", "warn-bg"), ("muted", "band"), ("accent", "band"), ("ink", "band"),
])
def test_text_colours_meet_wcag_aa(foreground, background):
    colours = _variables()
    assert contrast(colours[foreground], colours[background]) >= 4.5


def test_header_text_on_accent_meets_wcag_aa():
    assert contrast("#ffffff", _variables()["accent"]) >= 4.5


def test_contrast_function_detects_poor_contrast():
    assert contrast("#777777", "#888888") < 1.5


def test_tibetan_font_is_limited_to_the_tibetan_block_and_shipped_with_its_licence():
    faces = re.findall(r"@font-face\s*{([^}]*)}", CSS)
    assert faces
    for face in faces:
        ranges = re.search(r"unicode-range:\s*([^;]+);", face).group(1).split(",")
        for item in ranges:
            low, _, high = item.strip().removeprefix("U+").partition("-")
            assert 0x0F00 <= int(low, 16) <= int(high or low, 16) <= 0x0FFF, face
        font = re.search(r'url\("\.\./fonts/([^"]+)"\)', face).group(1)
        assert (ROOT / "static" / "fonts" / font).stat().st_size > 1_000
    assert "SIL Open Font License" in (ROOT / "static" / "fonts" / "OFL-NotoSerifTibetan.txt").read_text()


def test_tibetan_line_height_is_generous():
    height = float(re.search(r":lang\(bo\)\s*{\s*line-height:\s*([\d.]+)", CSS).group(1))
    assert 1.8 <= height <= 2.0


def test_base_layout_has_landmarks_and_skip_link():
    base = (ROOT / "portal" / "templates" / "base.html").read_text(encoding="utf-8")
    for landmark in ("<header", "<main id=\"main\"", "<footer", "<nav"):
        assert landmark in base
    assert 'class="skip-link" href="#main"' in base
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in base
