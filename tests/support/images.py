"""Images as a phone or an editor makes them: GPS in EXIF, the phone's serial number, XMP, comments, text chunks,
a colour profile, a rotation flag. And the check that none of it is in what we store or serve."""
from __future__ import annotations

import io
import struct

from PIL import Image, ImageCms, PngImagePlugin

# Hohhot, 40°50'31.2"N 111°45'0"E: "the home" of every test photo
GPS = {1: "N", 2: (40.0, 50.0, 31.2), 3: "E", 4: (111.0, 45.0, 0.0), 5: 0, 6: 1052.0}
SECRETS = (b"SN-HOME-4471", b"Zhang San's phone", b"home-of-zhang", b"xmp-lat-40.842")
EXIF_ORIENTATION = 0x0112
GPS_IFD = 0x8825
PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME", b"sRGB", b"gAMA", b"cHRM"}


def _exif(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = SECRETS[1].decode()
    exif[0xA431] = SECRETS[0].decode()  # BodySerialNumber
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    exif[GPS_IFD] = GPS
    return exif.tobytes()


def _xmp() -> bytes:
    return (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="' + SECRETS[3] +
            b'"/></rdf:RDF></x:xmpmeta>')


def striped(size: tuple[int, int] = (60, 30)) -> Image.Image:
    """Red, with a blue band down the left edge: where the band ends up shows how the image was turned."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (0, 0, size[0] // 6, size[1]))
    return image


def gps_jpeg(orientation: int | None = None) -> bytes:
    """A phone photo: EXIF with GPS, maker, owner and serial number; XMP; a comment; an ICC profile."""
    buffer = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    striped().save(buffer, "JPEG", quality=95, exif=_exif(orientation), xmp=_xmp(), comment=SECRETS[2],
                   icc_profile=icc)
    return buffer.getvalue()


def tagged_png(orientation: int | None = None) -> bytes:
    """A PNG with text, compressed text and international text chunks (XMP among them), eXIf with GPS, tIME."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRETS[2].decode())
    info.add_text("Author", SECRETS[1].decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", _xmp().decode())
    buffer = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    striped().save(buffer, "PNG", pnginfo=info, exif=_exif(orientation), icc_profile=icc)
    data = buffer.getvalue()
    # tIME: Pillow does not write it; insert one before IEND as an editor would
    chunk = b"tIME" + struct.pack(">HBBBBB", 2026, 5, 1, 8, 30, 0)
    time_chunk = struct.pack(">I", 7) + chunk + struct.pack(">I", _crc(chunk))
    return data[:-12] + time_chunk + data[-12:]


def _crc(data: bytes) -> int:
    import zlib

    return zlib.crc32(data) & 0xFFFFFFFF


def png_chunk_types(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    types, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        types.append(kind)
        offset += 12 + length
    return types


def jpeg_segments(data: bytes) -> list[int]:
    """The marker of every segment before the image data (APPn, COM, DQT, ...)."""
    assert data[:2] == b"\xff\xd8"
    markers, offset = [], 2
    while offset < len(data):
        marker = data[offset + 1]
        if marker == 0xDA:  # start of scan: pixel data follows
            break
        length = struct.unpack(">H", data[offset + 2:offset + 4])[0]
        markers.append(marker)
        offset += 2 + length
    return markers


def assert_no_metadata(data: bytes) -> Image.Image:
    """No EXIF (so no GPS), no XMP, no comment, no text chunk, no colour profile: only the pixels. Returns the
    decoded image for further checks."""
    image = Image.open(io.BytesIO(data))
    image.load()
    assert not image.getexif(), "EXIF survived"
    assert not image.getexif().get_ifd(GPS_IFD), "GPS survived"
    assert not set(image.info) & {"exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp", "Comment",
                                  "Author"}, image.info
    for secret in SECRETS:
        assert secret not in data
    assert b"Exif\x00\x00" not in data and b"http://ns.adobe.com" not in data and b"adobe:ns:meta" not in data
    if image.format == "PNG":
        assert not set(png_chunk_types(data)) & PNG_METADATA_CHUNKS, png_chunk_types(data)
    else:
        assert image.format == "JPEG"
        # only JFIF (APP0) may precede the tables: no APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC) or COM
        assert [m for m in jpeg_segments(data) if 0xE1 <= m <= 0xEF or m == 0xFE] == []
    return image


def assert_upright(image: Image.Image) -> None:
    """The striped test image taken with the phone turned: shown upright it is 30 wide, 60 tall, band on top."""
    assert image.size == (30, 60)
    top, bottom = image.convert("RGB").getpixel((15, 2)), image.convert("RGB").getpixel((15, 57))
    assert top[2] > 150 and top[0] < 100, top  # blue band at the top
    assert bottom[0] > 150 and bottom[2] < 100, bottom
