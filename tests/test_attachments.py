"""Evidence attachments: type by content, limits, metadata removal (portal.reports.attachments).

Every file is generated here with Pillow or pypdf; each test first checks that the
identifying detail really is in the input, then that it is gone from the output.
"""
from __future__ import annotations

import random
import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from portal.reports import attachments
from portal.reports.attachments import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    METADATA_NOTICE,
    AttachmentRejected,
    CleanFile,
    check_limits,
    safe_name,
    sanitise,
)
from portal.text import Message

CAMERA_MAKE = "WhistleCamMakerCo"
CAMERA_MODEL = "WhistlePhone X9 Pro"
GPS_DATUM = "WGS-84-GPS-MARKER"
TAKEN_AT = "2024:05:01 10:11:12"
XMP_MARKER = "XmpCreatorTseringDolma"
AUTHOR = "ZhangWeiInternalAuditor"


def identity(text: str) -> str:
    return text


def rejected_with(excinfo) -> str:
    return excinfo.value.message.msgid


# --- building inputs --------------------------------------------------------------------


def camera_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = CAMERA_MODEL
    exif[ExifTags.Base.DateTime] = TAKEN_AT
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (29.0, 39.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (91.0, 7.0, 3.25)
    gps[ExifTags.GPS.GPSMapDatum] = GPS_DATUM
    return exif


def picture(size=(64, 48), mode="RGB") -> Image.Image:
    """Top half red, bottom half blue, so orientation can be checked."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (0, size[1] // 2, size[0], size[1]))
    return image.convert(mode)


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def reopen(content: bytes) -> Image.Image:
    image = Image.open(BytesIO(content))
    image.load()
    return image


def assert_no_image_metadata(content: bytes) -> None:
    image = reopen(content)
    assert len(image.getexif()) == 0
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop"):
        assert key not in image.info, key
    for marker in (CAMERA_MAKE, CAMERA_MODEL, GPS_DATUM, TAKEN_AT, XMP_MARKER, AUTHOR):
        assert marker.encode() not in content, marker
    assert b"Exif\x00\x00" not in content
    assert b"GPS" not in content


def xmp_packet(marker: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{marker}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def add_image_xobject(writer: PdfWriter, page, jpeg: bytes, size: tuple[int, int], in_form: bool) -> bytes:
    """Add the JPEG as /Im0, on the page or inside a form XObject /Fm0; return the drawing."""
    image = StreamObject()
    image[NameObject("/Type")] = NameObject("/XObject")
    image[NameObject("/Subtype")] = NameObject("/Image")
    image[NameObject("/Width")] = NumberObject(size[0])
    image[NameObject("/Height")] = NumberObject(size[1])
    image[NameObject("/ColorSpace")] = NameObject("/DeviceRGB")
    image[NameObject("/BitsPerComponent")] = NumberObject(8)
    image[NameObject("/Filter")] = NameObject("/DCTDecode")
    image._data = jpeg  # raw DCT data, as a PDF producer would store the camera's JPEG
    images = DictionaryObject({NameObject("/Im0"): writer._add_object(image)})
    if not in_form:
        page[NameObject("/Resources")][NameObject("/XObject")] = images
        return b" q 100 0 0 75 20 100 cm /Im0 Do Q"
    form = StreamObject()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([NumberObject(n) for n in (0, 0, 1, 1)])
    form[NameObject("/Resources")] = writer._add_object(DictionaryObject({NameObject("/XObject"): images}))
    form._data = b"q 1 0 0 1 0 0 cm /Im0 Do Q"
    page[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject(
        {NameObject("/Fm0"): writer._add_object(form)}
    )
    return b" q 100 0 0 75 20 100 cm /Fm0 Do Q"


def javascript(marker: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(f"app.alert('{marker}');"),
        }
    )


def evidence_pdf(*, photo: bytes | None = None, in_form: bool = False, encrypt: dict | None = None) -> bytes:
    """A one-page PDF with visible text, full document metadata, XMP, JavaScript, an
    embedded file, an annotation with an author and, optionally, an embedded camera JPEG."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    drawing = b"BT /F1 12 Tf 20 250 Td (Invoice 2024-117 for ghost patients) Tj ET"
    if photo is not None:
        drawing += add_image_xobject(writer, page, photo, Image.open(BytesIO(photo)).size, in_form)
    contents = DecodedStreamObject()
    contents.set_data(drawing)
    page[NameObject("/Contents")] = writer._add_object(contents)

    writer.add_metadata(
        {
            "/Author": AUTHOR,
            "/Creator": "HospitalBillingCreator 3.1",
            "/Producer": "SecretProducerLibrary 9",
            "/Title": "InternalAuditTitle ZY",
            "/CreationDate": "D:20240501101112+08'00'",
        }
    )
    writer.xmp_metadata = xmp_packet(XMP_MARKER)
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("init"), writer._add_object(javascript("DocumentJavascriptMarker"))]
                    )
                }
            )
        }
    )
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(javascript("OpenActionMarker"))
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): javascript("PageJavascriptMarker")})
    writer.add_attachment("payroll.txt", b"EmbeddedFileMarker")
    note = Text(rect=(10, 10, 40, 40), text="Visible sticky note")
    note[NameObject("/T")] = TextStringObject("AnnotationAuthorMarker")
    writer.add_annotation(0, note)
    writer.add_annotation(0, Link(rect=(10, 50, 90, 70), url="https://example.org/LinkMarker"))
    page[NameObject("/Annots")] = writer._add_object(page["/Annots"])  # indirect, as often seen
    if encrypt:
        writer.encrypt(**encrypt)
    return pdf_bytes(writer)


PDF_MARKERS = (
    AUTHOR,
    "HospitalBillingCreator",
    "SecretProducerLibrary",
    "InternalAuditTitle",
    XMP_MARKER,
    "DocumentJavascriptMarker",
    "OpenActionMarker",
    "PageJavascriptMarker",
    "EmbeddedFileMarker",
    "AnnotationAuthorMarker",
    "LinkMarker",
    "/JavaScript",
    "/OpenAction",
    "/EmbeddedFile",
    "/Producer",
    "/CreationDate",
    "pypdf",
)


def minimal_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    return pdf_bytes(writer)


# --- the notice and messages ------------------------------------------------------------


def test_notice_says_what_is_removed_and_what_is_not():
    text = METADATA_NOTICE.lower()
    for word in ("location", "camera", "author", "encrypted", "faces", "names", "not changed"):
        assert word in text


def test_rejection_is_a_value_error_carrying_a_message():
    with pytest.raises(ValueError) as excinfo:
        sanitise(b"<html></html>", "evidence.jpg")
    assert isinstance(excinfo.value, AttachmentRejected)
    assert isinstance(excinfo.value.message, Message)
    assert excinfo.value.message.render(identity).startswith("This file type is not accepted.")


# --- limits -----------------------------------------------------------------------------


def test_limits_constants():
    assert (MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES) == (10 << 20, 5, 25 << 20)


def test_limits_accept_up_to_the_limits():
    check_limits([])
    check_limits([MAX_FILE_BYTES, MAX_FILE_BYTES, MAX_TOTAL_BYTES - 2 * MAX_FILE_BYTES])
    check_limits([1] * MAX_FILES)


@pytest.mark.parametrize(
    "sizes, expected, index",
    [
        ([1] * (MAX_FILES + 1), "At most 5 files per report.", None),
        ([100, MAX_FILE_BYTES + 1], "Each file may be at most 10 MB.", 1),
        ([MAX_FILE_BYTES] * 2 + [MAX_TOTAL_BYTES - 2 * MAX_FILE_BYTES + 1],
         "All files together may be at most 25 MB.", None),
    ],
)
def test_limits_reject_with_the_limit_in_the_message(sizes, expected, index):
    with pytest.raises(AttachmentRejected) as excinfo:
        check_limits(sizes)
    assert excinfo.value.message.render(identity) == expected
    assert excinfo.value.index == index


def test_sanitise_itself_refuses_oversized_and_empty_files():
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(b"%PDF-1.4\n" + b"0" * MAX_FILE_BYTES, "big.pdf")
    assert excinfo.value.message.params == {"megabytes": 10}
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(b"", "empty.jpg")
    assert rejected_with(excinfo) == attachments.FILE_EMPTY


# --- JPEG -------------------------------------------------------------------------------


def test_jpeg_loses_all_exif_including_gps_and_keeps_its_size():
    original = encode(picture((64, 48)), "JPEG", exif=camera_exif(), quality=95)
    before = Image.open(BytesIO(original)).getexif()
    assert before[ExifTags.Base.Make] == CAMERA_MAKE
    assert before.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSMapDatum] == GPS_DATUM

    clean = sanitise(original, "IMG_0001.JPG")

    assert clean == CleanFile(clean.content, "image/jpeg", ".jpg", "IMG_0001.jpg")
    assert_no_image_metadata(clean.content)
    after = reopen(clean.content)
    assert after.format == "JPEG" and after.size == (64, 48) and after.mode == "RGB"
    assert after.getpixel((32, 5))[0] > 180 and after.getpixel((32, 40))[2] > 180


def test_jpeg_orientation_is_applied_before_exif_is_dropped():
    # Stored 40 wide and 80 tall, top red; Orientation 6 means "rotate 90° clockwise to view".
    original = encode(picture((40, 80)), "JPEG", exif=camera_exif(orientation=6), quality=95)

    after = reopen(sanitise(original, "tall.jpg").content)

    assert after.size == (80, 40)
    assert len(after.getexif()) == 0
    left, right = after.getpixel((10, 20)), after.getpixel((70, 20))
    assert left[2] > 180 and left[0] < 80  # the blue bottom is now on the left
    assert right[0] > 180 and right[2] < 80  # the red top is now on the right


def test_jpeg_comment_xmp_and_icc_profile_are_removed():
    original = encode(
        picture(), "JPEG", comment=f"taken by {AUTHOR}", xmp=xmp_packet(XMP_MARKER),
        icc_profile=srgb_icc(),
    )
    for marker in (AUTHOR, XMP_MARKER):
        assert marker.encode() in original
    assert "icc_profile" in Image.open(BytesIO(original)).info

    assert_no_image_metadata(sanitise(original, "a.jpg").content)


def test_cmyk_jpeg_comes_out_as_rgb_jpeg():
    original = encode(picture(mode="CMYK"), "JPEG", exif=camera_exif())
    clean = sanitise(original, "scan.jpg")
    assert reopen(clean.content).mode == "RGB"
    assert_no_image_metadata(clean.content)


def test_multi_picture_jpeg_keeps_only_the_main_picture():
    main, depth_map = picture((64, 48)), Image.new("RGB", (32, 24), "gray")
    original = encode(main, "MPO", save_all=True, append_images=[depth_map], exif=camera_exif())
    assert Image.open(BytesIO(original)).n_frames == 2

    clean = sanitise(original, "portrait.jpg")

    after = reopen(clean.content)
    assert after.format == "JPEG" and after.size == (64, 48)
    assert getattr(after, "n_frames", 1) == 1
    assert_no_image_metadata(clean.content)


def test_truncated_jpeg_is_rejected_as_unreadable():
    original = encode(picture((200, 200)), "JPEG")
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(original[: len(original) // 2], "cut.jpg")
    assert rejected_with(excinfo) == attachments.FILE_UNREADABLE


# --- PNG and WebP -----------------------------------------------------------------------


def test_png_text_chunks_exif_and_profile_are_removed():
    info = PngInfo()
    info.add_text("Author", AUTHOR)
    info.add_text("Comment", CAMERA_MODEL, zip=True)
    info.add_itxt("Description", "扫描件 " + TAKEN_AT, lang="zh")
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(XMP_MARKER).decode())
    original = encode(picture(), "PNG", pnginfo=info, exif=camera_exif(), icc_profile=srgb_icc())
    assert Image.open(BytesIO(original)).text["Author"] == AUTHOR

    clean = sanitise(original, "screenshot.png")

    assert (clean.media_type, clean.name) == ("image/png", "screenshot.png")
    after = reopen(clean.content)
    assert after.text == {} and after.size == (64, 48)
    assert_no_image_metadata(clean.content)
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"):
        assert chunk not in clean.content


def test_palette_png_with_transparency_keeps_its_transparency():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (0, 0, 10, 20))
    original = encode(image, "PNG", transparency=1)

    after = reopen(sanitise(original, "p.png").content)

    assert after.getpixel((2, 2))[3] == 0  # transparent half stays transparent
    assert after.getpixel((15, 2)) == (255, 0, 0, 255)


def test_webp_exif_and_xmp_are_removed_and_format_kept():
    original = encode(picture(), "WEBP", exif=camera_exif(), xmp=xmp_packet(XMP_MARKER))
    assert CAMERA_MAKE.encode() in original and XMP_MARKER.encode() in original

    clean = sanitise(original, "IMG_2020.webp")

    assert (clean.media_type, clean.extension, clean.name) == ("image/webp", ".webp", "IMG_2020.webp")
    assert reopen(clean.content).format == "WEBP"
    assert_no_image_metadata(clean.content)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_animated_images_are_rejected(fmt):
    frames = [picture(), picture().rotate(180)]
    original = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(original, "moving." + fmt.lower())
    assert rejected_with(excinfo) == attachments.IMAGE_ANIMATED


# --- decompression bombs ----------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge size (with a valid header checksum)."""
    data = bytearray(encode(Image.new("L", (8, 8)), "PNG"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def test_image_header_claiming_billions_of_pixels_is_rejected_without_decoding():
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(png_claiming(60_000, 60_000), "bomb.png")
    assert rejected_with(excinfo) == attachments.IMAGE_TOO_LARGE
    assert excinfo.value.message.params == {"megapixels": Image.MAX_IMAGE_PIXELS // 1_000_000}


def test_image_over_the_pixel_limit_is_rejected(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    # 40 x 40 = 1600 pixels: over the limit, under twice it (Pillow only warns there).
    with pytest.warns(Image.DecompressionBombWarning):
        with pytest.raises(AttachmentRejected) as excinfo:
            sanitise(encode(picture((40, 40)), "JPEG"), "big.jpg")
    assert rejected_with(excinfo) == attachments.IMAGE_TOO_LARGE
    # 100 x 100: over twice the limit (Pillow raises DecompressionBombError).
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(encode(picture((100, 100)), "WEBP"), "bigger.webp")
    assert rejected_with(excinfo) == attachments.IMAGE_TOO_LARGE


# --- PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize("in_form", [False, True], ids=["photo-on-page", "photo-in-form"])
def test_pdf_loses_document_info_xmp_javascript_attachments_and_annotation_authors(in_form):
    photo = encode(picture((64, 48)), "JPEG", exif=camera_exif(), quality=95)
    original = evidence_pdf(photo=photo, in_form=in_form)
    before = PdfReader(BytesIO(original))
    assert before.metadata.author == AUTHOR and before.xmp_metadata is not None
    for marker in PDF_MARKERS[:-1] + (CAMERA_MAKE, GPS_DATUM):
        assert marker.encode() in original, marker

    clean = sanitise(original, "audit.pdf")

    assert (clean.media_type, clean.extension, clean.name) == ("application/pdf", ".pdf", "audit.pdf")
    after = PdfReader(BytesIO(clean.content))
    assert after.metadata is None
    assert after.xmp_metadata is None
    assert "/Info" not in after.trailer
    for key in ("/Metadata", "/OpenAction", "/Names", "/AA", "/AcroForm"):
        assert key not in after.trailer["/Root"], key
    for marker in PDF_MARKERS + (CAMERA_MAKE, CAMERA_MODEL, GPS_DATUM, TAKEN_AT):
        assert marker.encode() not in clean.content, marker

    # What the page shows is still there: the text, the photo and the sticky note.
    assert len(after.pages) == 1
    page = after.pages[0]
    assert "Invoice 2024-117 for ghost patients" in page.extract_text()
    [image] = page.images
    assert image.image.size == (64, 48)
    assert len(Image.open(BytesIO(image.data)).getexif()) == 0
    subtypes = sorted(annotation.get_object()["/Subtype"] for annotation in page["/Annots"])
    assert subtypes == ["/Link", "/Text"]
    note = next(a.get_object() for a in page["/Annots"] if a.get_object()["/Subtype"] == "/Text")
    assert note["/Contents"] == "Visible sticky note" and "/T" not in note


def test_clean_embedded_jpeg_in_pdf_is_left_byte_for_byte():
    photo = encode(picture((64, 48)), "JPEG", quality=75)
    clean = sanitise(evidence_pdf(photo=photo), "scan.pdf")
    page = PdfReader(BytesIO(clean.content)).pages[0]
    assert page["/Resources"]["/XObject"]["/Im0"].get_object().get_data() == photo


def test_pdf_protected_only_by_an_owner_password_is_opened_and_cleaned():
    original = evidence_pdf(encrypt={"user_password": "", "owner_password": "owner", "algorithm": "AES-128"})
    clean = sanitise(original, "locked.pdf")
    after = PdfReader(BytesIO(clean.content))
    assert not after.is_encrypted and after.metadata is None
    assert "Invoice 2024-117" in after.pages[0].extract_text()
    assert AUTHOR.encode() not in clean.content


def test_pdf_needing_a_password_is_rejected():
    original = evidence_pdf(encrypt={"user_password": "secret", "algorithm": "AES-256"})
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(original, "locked.pdf")
    assert rejected_with(excinfo) == attachments.PDF_ENCRYPTED


def test_broken_pdf_is_rejected_as_unreadable():
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "broken.pdf")
    assert rejected_with(excinfo) == attachments.FILE_UNREADABLE


# --- type by content, not name ----------------------------------------------------------


def zip_file() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.pdf", b"%PDF-1.4 inside a zip")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, name",
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "evidence.jpg"),
        (b"\xef\xbb\xbf<html><body>hi</body></html>", "evidence.jpg"),
        (zip_file(), "scan.pdf"),
        (b"MZ\x90\x00\x03" + bytes(200) + b"This program cannot be run in DOS mode", "photo.jpg"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "photo.png"),
        (random.Random(7).randbytes(4096), "evidence.pdf"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'.encode(), "chart.png"),
        ("我看到医院虚开发票。\r\n".encode(), "notes.txt"),
        (b"GIF89a" + bytes(20), "photo.gif"),
    ],
    ids=["html", "html-bom", "zip", "exe", "elf", "random", "svg", "text", "gif"],
)
def test_other_types_are_rejected_whatever_their_name(data, name):
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(data, name)
    assert rejected_with(excinfo) == attachments.TYPE_NOT_ACCEPTED


def test_jpeg_magic_followed_by_html_is_rejected_as_unreadable():
    with pytest.raises(AttachmentRejected) as excinfo:
        sanitise(b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", "x.jpg")
    assert rejected_with(excinfo) == attachments.FILE_UNREADABLE


def test_real_pdf_named_jpg_is_accepted_as_pdf():
    clean = sanitise(minimal_pdf(), "photo.jpg")
    assert (clean.media_type, clean.extension, clean.name) == ("application/pdf", ".pdf", "photo.pdf")
    assert len(PdfReader(BytesIO(clean.content)).pages) == 1


def test_png_named_pdf_is_accepted_as_png():
    clean = sanitise(encode(picture(), "PNG"), "x.pdf")
    assert (clean.media_type, clean.name) == ("image/png", "x.png")
    assert reopen(clean.content).format == "PNG"


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "original, expected",
    [
        ("../../etc/passwd", "passwd.jpg"),
        ("证据\x00.jpg", "证据.jpg"),
        ("C:\\Users\\张三\\Desktop\\收费单（2024）.JPEG", "收费单（2024）.jpg"),
        ("བོད་ཡིག་ལག་འཁྱེར།.png", "བོད་ཡིག་ལག་འཁྱེར།.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.jpg"),
        ("a<b>:c|d?.jpg", "a_b__c_d.jpg"),
        ("  report\tfinal\n.jpg", "report final.jpg"),
        ("..", "attachment.jpg"),
        ("", "attachment.jpg"),
        (".bashrc", "bashrc.jpg"),
        ("CON.jpg", "_CON.jpg"),
        ("report.v2.final.jpg", "report.v2.final.jpg"),
    ],
)
def test_names_are_made_safe(original, expected):
    assert safe_name(original, ".jpg") == expected


def test_long_names_are_capped():
    name = safe_name("证" * 500 + ".jpg", ".jpg")
    assert name == "证" * attachments.MAX_NAME_CHARS + ".jpg"
    assert len(safe_name("a" * 500, ".pdf").encode()) <= 255


def test_sanitise_makes_the_name_safe():
    clean = sanitise(encode(picture(), "JPEG"), "../../证据\x00.jpg")
    assert clean.name == "证据.jpg"
