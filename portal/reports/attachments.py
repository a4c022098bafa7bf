"""Evidence attachments: limits, type check by content, and removal of identifying metadata.

Flask-free. Callers pass the uploaded bytes and the name the browser sent; they get back a
`CleanFile` to encrypt and store, or an `AttachmentRejected` whose `.message` the view
translates.

Accepted types are decided by the content only (magic bytes, then a successful parse by
Pillow or pypdf restricted to that one format); the file name and the browser's declared
type are never consulted, except that the original base name (made safe) is kept for the
staff's convenience with its extension corrected to the real type.

What is removed:

* JPEG, PNG, WebP: everything but the pixels. The picture is decoded, turned upright
  according to its EXIF orientation, converted to sRGB when it carries a colour profile
  (so it looks the same without it), copied into a brand-new image object that has no
  metadata at all, and encoded again in the same format (JPEG and WebP at quality 90, PNG
  lossless). Gone: EXIF (GPS, camera make/model/serial, dates), XMP, IPTC/Photoshop
  blocks, JPEG comments, ICC profiles, PNG text chunks, MPO side images (depth maps, gain
  maps, previews). Animated PNG/WebP are *rejected* rather than cut to one frame: cutting
  would silently change the evidence, which METADATA_NOTICE promises not to do.
* PDF: the pages are copied one by one into a new document, so nothing that hangs off the
  document catalog survives: no document information dictionary (/Info: author, creator,
  producer, title, dates), no XMP (/Metadata), no /OpenAction, no document JavaScript,
  no embedded files (/Names), no form (/AcroForm), bookmarks, tags or page labels. On
  the copied pages, these keys are dropped at every depth: /Metadata (XMP on pages and
  images), /PieceInfo (application private data), /A and /AA (all actions, so links
  and JavaScript triggers; links stay visible but no longer do anything), /EF (files
  embedded in annotations), /T, /M, /CreationDate, /ModDate (annotation authors and
  dates), /LastModified and /Thumb. JPEG images embedded in the pages that carry EXIF,
  XMP, IPTC, comments or other application blocks (photos "printed" to PDF) are encoded
  again by Pillow without them. The writer adds no /Producer and a random file /ID.
  Form fields without an appearance of their own lose their visible value; all else
  that is drawn on the pages stays as it was.

Text files are not accepted: a reporter can paste text into the report, and any rule that
accepts UTF-8 text would also accept HTML, SVG and scripts.

Decompression bombs: an image over Pillow's `Image.MAX_IMAGE_PIXELS` (read at call time)
is rejected before it is decoded. Pillow emits a DecompressionBombWarning for images
between one and two times that limit before this module rejects them.
"""
from __future__ import annotations

import logging
import struct
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without Little CMS: profiles are dropped, not applied
    ImageCms = None
from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from portal.text import N_, Message

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 10 * MEGABYTE
MAX_FILES = 5
MAX_TOTAL_BYTES = 25 * MEGABYTE

JPEG_QUALITY = 90
WEBP_QUALITY = 90
MAX_NAME_CHARS = 80  # of the base name without extension
MAX_NAME_BYTES = 240  # UTF-8, leaves room for the extension within 255-byte file systems

METADATA_NOTICE = N_(
    "Before your files are encrypted and stored, we remove the location, camera and date "
    "details from photos and the author details from PDF documents. What the file shows is "
    "not changed: faces, names and other details visible in a photo or written in a "
    "document stay as they are."
)

TYPE_NOT_ACCEPTED = N_(
    "This file type is not accepted. Send photos (JPEG, PNG, WebP) or PDF documents."
)
FILE_TOO_LARGE = N_("Each file may be at most %(megabytes)d MB.")
TOO_MANY_FILES = N_("At most %(count)d files per report.")
TOTAL_TOO_LARGE = N_("All files together may be at most %(megabytes)d MB.")
FILE_EMPTY = N_("This file is empty.")
FILE_UNREADABLE = N_("This file could not be read. It may be damaged or incomplete.")
IMAGE_TOO_LARGE = N_(
    "This image is too large (more than %(megapixels)d million pixels). "
    "Send a smaller photo or a screenshot."
)
IMAGE_ANIMATED = N_("Animated images are not accepted. Send a still photo or a screenshot.")
PDF_ENCRYPTED = N_(
    "This PDF is protected by a password. Remove the password (for example by printing it "
    "to a new PDF) and send it again."
)


class AttachmentRejected(ValueError):
    """An attachment (or the set of attachments) cannot be accepted.

    `index` is the position of the offending file in the list given to `check_limits`,
    or None when the problem is the set as a whole or when raised by `sanitise`.
    """

    def __init__(self, message: Message, index: int | None = None):
        super().__init__(message.msgid % message.params if message.params else message.msgid)
        self.message = message
        self.index = index


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    media_type: str
    extension: str  # with the dot, e.g. ".jpg"
    name: str  # safe base name, ends with `extension`


@dataclass(frozen=True)
class _Kind:
    media_type: str
    extension: str
    pillow_format: str | None  # None for PDF


JPEG = _Kind("image/jpeg", ".jpg", "JPEG")
PNG = _Kind("image/png", ".png", "PNG")
WEBP = _Kind("image/webp", ".webp", "WEBP")
PDF = _Kind("application/pdf", ".pdf", None)

ACCEPTED_MEDIA_TYPES = (JPEG.media_type, PNG.media_type, WEBP.media_type, PDF.media_type)
# For the upload field's `accept` attribute (a hint only; the content decides). Listing
# image/jpeg also makes iOS convert HEIC photos to JPEG when they are picked.
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED_MEDIA_TYPES + (".jpg", ".jpeg", ".png", ".webp", ".pdf"))


def check_limits(sizes: list[int]) -> None:
    """Raise AttachmentRejected if the files of one submission break a count or size limit."""
    if len(sizes) > MAX_FILES:
        raise AttachmentRejected(Message(TOO_MANY_FILES, {"count": MAX_FILES}))
    for index, size in enumerate(sizes):
        if size > MAX_FILE_BYTES:
            raise AttachmentRejected(
                Message(FILE_TOO_LARGE, {"megabytes": MAX_FILE_BYTES // MEGABYTE}), index
            )
    if sum(sizes) > MAX_TOTAL_BYTES:
        raise AttachmentRejected(
            Message(TOTAL_TOO_LARGE, {"megabytes": MAX_TOTAL_BYTES // MEGABYTE})
        )


def sanitise(data: bytes, original_name: str) -> CleanFile:
    """Check the type of `data` by its content and return it without identifying metadata."""
    if not data:
        raise AttachmentRejected(Message(FILE_EMPTY))
    if len(data) > MAX_FILE_BYTES:
        raise AttachmentRejected(
            Message(FILE_TOO_LARGE, {"megabytes": MAX_FILE_BYTES // MEGABYTE})
        )
    kind = _detect(data)
    if kind is None:
        raise AttachmentRejected(Message(TYPE_NOT_ACCEPTED))
    content = _clean_pdf(data) if kind is PDF else _clean_image(data, kind)
    return CleanFile(
        content=content,
        media_type=kind.media_type,
        extension=kind.extension,
        name=safe_name(original_name, kind.extension),
    )


def _detect(data: bytes) -> _Kind | None:
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    # Strict: readers tolerate junk before the header, but then a ZIP or HTML page that
    # merely contains a PDF would count as one.
    if data.startswith(b"%PDF-"):
        return PDF
    return None


# --- images -----------------------------------------------------------------------------


def _image_too_large() -> AttachmentRejected:
    limit = Image.MAX_IMAGE_PIXELS or 0
    return AttachmentRejected(Message(IMAGE_TOO_LARGE, {"megapixels": limit // 1_000_000}))


def _check_pixels(image: Image.Image) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and image.width * image.height > limit:
        raise _image_too_large()


def _open_image(data: bytes, pillow_format: str) -> Image.Image:
    """Open (header only) with the one plugin that matches the magic bytes."""
    try:
        image = Image.open(BytesIO(data), formats=[pillow_format])
    except Image.DecompressionBombError:
        raise _image_too_large() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        logger.info("image rejected as unreadable: %s", type(error).__name__)
        raise AttachmentRejected(Message(FILE_UNREADABLE)) from None
    try:
        _check_pixels(image)
    except AttachmentRejected:
        image.close()
        raise
    return image


def _decode(image: Image.Image) -> None:
    try:
        image.load()
    except Image.DecompressionBombError:
        raise _image_too_large() from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        logger.info("image rejected as unreadable: %s", type(error).__name__)
        raise AttachmentRejected(Message(FILE_UNREADABLE)) from None


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded ICC profile so the picture looks the same once the profile is gone."""
    icc = image.info.get("icc_profile")
    if image.mode == "CMYK":
        target = "RGB"
    elif image.mode in ("RGB", "RGBA"):
        target = image.mode
    else:
        return image
    if icc and ImageCms is not None:
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=target,
            )
        except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
            logger.info("colour profile not applied; dropped")
    return image if image.mode == target else image.convert(target)


def _pixel_mode(image: Image.Image, kind: _Kind) -> Image.Image:
    """Convert to a mode the target format stores without an extra palette or profile."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if kind is JPEG:
        keep = ("L", "RGB")
        fallback = "RGB"
    elif kind is PNG:
        keep = ("1", "L", "LA", "I", "I;16", "RGB", "RGBA")
        fallback = "RGBA" if has_alpha else "RGB"
        if image.mode in ("L", "RGB") and "transparency" in image.info:
            return image.convert(image.mode + "A")
    else:
        keep = ("RGB", "RGBA")
        fallback = "RGBA" if has_alpha else "RGB"
    return image if image.mode in keep else image.convert(fallback)


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation; a photo whose EXIF cannot be parsed is kept as stored."""
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error) as error:
        logger.info("EXIF orientation not applied: %s", type(error).__name__)
        return image.copy()


def _clean_image(data: bytes, kind: _Kind) -> bytes:
    assert kind.pillow_format is not None
    with _open_image(data, kind.pillow_format) as image:
        # MPO ("multi-picture" JPEG from phones): frame 0 is the photo, the other frames
        # are depth maps, gain maps or previews. Any other multi-frame image is animated.
        if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
            raise AttachmentRejected(Message(IMAGE_ANIMATED))
        _decode(image)
        pixels = _upright(image)
    # Each step rebinds `pixels`, so at most two decoded copies exist at a time.
    pixels = _to_srgb(pixels)
    pixels = _pixel_mode(pixels, kind)
    # A brand-new image has an empty .info, so no encoder can fall back to the original's
    # comment, ICC profile, EXIF or XMP (Pillow's JPEG and PNG encoders do fall back).
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    del pixels
    output = BytesIO()
    if kind is JPEG:
        clean.save(output, "JPEG", quality=JPEG_QUALITY)
    elif kind is PNG:
        clean.save(output, "PNG")
    else:
        clean.save(output, "WEBP", quality=WEBP_QUALITY)
    return output.getvalue()


# --- PDF --------------------------------------------------------------------------------

# Dropped at every depth while the pages are copied (pypdf applies excluded keys recursively).
_PDF_DROPPED_KEYS = (
    "/Metadata",  # XMP streams on pages, images and forms
    "/PieceInfo",  # application private data (Illustrator, Acrobat...)
    "/A",  # actions: links, JavaScript, launch, submit-form
    "/AA",  # additional actions (triggers, usually JavaScript)
    "/EF",  # embedded file streams (file attachment annotations)
    "/T",  # annotation author (and field names; the form is not kept)
    "/M",  # annotation modification date
    "/CreationDate",
    "/ModDate",
    "/LastModified",
    "/Thumb",  # page thumbnails may show an earlier state of the page
)
# JPEG segments that carry no identifying data: JFIF header, ICC profile, Adobe colour info.
_HARMLESS_JPEG_SEGMENTS = frozenset({"APP0", "APP2", "APP14"})


def _clean_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise AttachmentRejected(Message(PDF_ENCRYPTED))
        if len(reader.pages) == 0:
            raise AttachmentRejected(Message(FILE_UNREADABLE))
        writer = PdfWriter()
        writer.metadata = None  # no /Info at all: pypdf would otherwise add /Producer
        for page in reader.pages:
            writer.add_page(page, excluded_keys=_PDF_DROPPED_KEYS)
        for xobject in _image_xobjects(writer):
            _clean_embedded_jpeg(xobject)
        output = BytesIO()
        writer.write(output)
    except AttachmentRejected:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on malformed input
        logger.info("PDF rejected as unreadable: %s", type(error).__name__)
        raise AttachmentRejected(Message(FILE_UNREADABLE)) from None
    return output.getvalue()


def _resolved(value, default=None):
    return default if value is None else value.get_object()


def _image_xobjects(writer: PdfWriter):
    """Image XObjects used by the pages, their forms, patterns and annotation appearances."""
    seen: set[int] = set()
    stack = []
    for page in writer.pages:
        stack.append(page.get("/Resources"))
        for annotation in _resolved(page.get("/Annots"), []):
            annotation = _resolved(annotation)
            if not isinstance(annotation, DictionaryObject):
                continue
            for state in _resolved(annotation.get("/AP"), {}).values():
                state = _resolved(state)
                if isinstance(state, StreamObject):
                    streams = [state]
                elif isinstance(state, DictionaryObject):  # one appearance per state
                    streams = [_resolved(stream) for stream in state.values()]
                else:
                    continue
                stack.extend(
                    stream.get("/Resources")
                    for stream in streams
                    if isinstance(stream, StreamObject)
                )
    while stack:
        resources = _resolved(stack.pop())
        if not isinstance(resources, DictionaryObject):
            continue
        for group in ("/XObject", "/Pattern"):
            entries = _resolved(resources.get(group), {})
            if not isinstance(entries, DictionaryObject):
                continue
            for value in entries.values():
                obj = _resolved(value)
                if not isinstance(obj, StreamObject) or id(obj) in seen:
                    continue
                seen.add(id(obj))
                if _resolved(obj.get("/Subtype")) == "/Image":
                    yield obj
                else:  # form XObject or tiling pattern
                    stack.append(obj.get("/Resources"))


def _clean_embedded_jpeg(xobject: StreamObject) -> None:
    filters = _resolved(xobject.get("/Filter"))
    last = _resolved(filters[-1]) if isinstance(filters, list) and filters else filters
    if last != "/DCTDecode":
        return
    jpeg = xobject.get_data()  # pypdf undoes any filter before DCTDecode, not DCT itself
    with _open_image(jpeg, "JPEG") as image:
        segments = {name for name, _ in getattr(image, "applist", [])}
        if not (segments - _HARMLESS_JPEG_SEGMENTS) and "comment" not in image.info:
            return
        _decode(image)
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
    output = BytesIO()
    clean.save(output, "JPEG", quality=JPEG_QUALITY)
    # EncodedStreamObject.set_data only accepts Flate; set the raw stream bytes instead.
    StreamObject.set_data(xobject, output.getvalue())
    xobject[NameObject("/Filter")] = NameObject("/DCTDecode")
    xobject.pop("/DecodeParms", None)


# --- names ------------------------------------------------------------------------------

_FORBIDDEN_IN_NAMES = set('/\\:*?"<>|')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{device}{number}" for device in ("COM", "LPT") for number in range(1, 10)
}


def safe_name(original_name: str, extension: str) -> str:
    """A base name safe to show and to save: letters of any script, digits, marks,
    punctuation and spaces; no directories, controls, format characters (bidi overrides)
    or characters that file systems forbid; the extension is the real one."""
    name = unicodedata.normalize("NFC", original_name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, _, old_extension = name.rpartition(".")
    if stem and 0 < len(old_extension) <= 8 and old_extension.isascii() and old_extension.isalnum():
        name = stem  # drop the claimed extension; the real one is added below
    characters = []
    for character in name:
        category = unicodedata.category(character)
        if character.isspace():  # includes tab and newline, which are controls too
            characters.append(" ")
        elif category[0] == "C":  # control, format, surrogate, private use, unassigned
            continue
        elif category[0] in "LMN" or (category[0] == "P" and character not in _FORBIDDEN_IN_NAMES):
            characters.append(character)
        else:  # symbols and forbidden punctuation
            characters.append("_")
    name = " ".join("".join(characters).split())
    name = name.strip(" ._").lstrip("-")
    name = name[:MAX_NAME_CHARS]
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(" .")
    if not name:
        name = "attachment"
    if name.upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name + extension


def clean_uploads(storages) -> list[CleanFile]:
    """Uploaded files (werkzeug FileStorage) checked against the limits and sanitised; empty
    file inputs are skipped. AttachmentRejected names the first problem."""
    uploads = [storage for storage in storages or [] if storage and storage.filename]
    contents = [storage.read(MAX_FILE_BYTES + 1) for storage in uploads]
    check_limits([len(content) for content in contents])
    return [sanitise(content, storage.filename) for storage, content in zip(uploads, contents)]
