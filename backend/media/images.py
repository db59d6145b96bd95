"""Images are decoded and written again before they are kept: what a camera or editor hid in the file never leaves.

A phone photo of a dog at home carries the home's GPS position in its EXIF, and often the phone's make, serial
number and the owner's name; PNGs carry text chunks and XMP. Stripping known blocks from the bytes would trust our
list of blocks; writing the pixels into a new file keeps only what we write: the pixels, turned upright (EXIF
orientation applied), in sRGB.

- JPEG stays JPEG at quality 90 (4:2:0, optimised Huffman tables): visually the same photo, usually smaller.
- PNG stays PNG (lossless: certificates and screenshots keep their sharp text); palette and transparency are kept.
- A colour profile is applied, not kept: the pixels are converted to sRGB, which every client assumes, and the
  profile (which may name the device, and is a parser that clients would run) is dropped. A profile lcms cannot
  read is ignored and the pixels kept as they are.
- CMYK JPEGs become RGB; an animated PNG keeps its first frame.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_PIXELS = 40_000_000  # a 5 MB file can still decompress into a bomb; refuse absurd dimensions
JPEG_QUALITY = 90
PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class NotAnImage(ValueError):
    """Not a JPEG or PNG we can decode whole, or too many pixels."""


@dataclass(frozen=True)
class CleanImage:
    format: str  # JPEG | PNG
    data: bytes
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def reencode(data: bytes) -> CleanImage:
    """The image in `data` written anew: upright, sRGB, no metadata. Raises NotAnImage."""
    try:
        image_format = _check(data)
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() skips pixel data; a truncated file fails here
            pixels = _upright_srgb(image, image_format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise NotAnImage(str(exc)) from exc
    out = io.BytesIO()
    if image_format == "JPEG":
        pixels.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        pixels.save(out, "PNG")
    return CleanImage(image_format, out.getvalue(), pixels.width, pixels.height)


def _check(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as image:
        if image.format not in CONTENT_TYPES:
            raise NotAnImage(f"format {image.format}")
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise NotAnImage(f"{width}x{height} pixels")
        image.verify()
        return image.format


def _upright_srgb(image: Image.Image, image_format: str) -> Image.Image:
    icc = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    pixels = ImageOps.exif_transpose(image)  # a copy, turned as the EXIF orientation says
    if icc and pixels.mode in ("RGB", "RGBA", "CMYK"):
        pixels = _to_srgb(pixels, icc)
    if pixels.mode == "CMYK" or (image_format == "JPEG" and pixels.mode not in ("L", "RGB")):
        pixels = pixels.convert("RGB")
    elif image_format == "PNG" and pixels.mode not in PNG_MODES:
        pixels = pixels.convert("RGBA")
    clean = pixels.copy()
    # Only what we choose goes into the new file: save() also reads comments, XMP and profiles from `info`.
    clean.info = {"transparency": transparency} if transparency is not None and clean.mode in ("P", "L", "RGB") \
        else {}
    return clean


def _to_srgb(pixels: Image.Image, icc: bytes) -> Image.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(pixels, source, _SRGB, outputMode="RGBA" if pixels.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return pixels  # an unreadable profile: keep the pixels, drop the profile
