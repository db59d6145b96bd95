"""A camera for the browser tests: Chromium's fake capture device fed a video file we write from a QR code image.

Chromium reads Y4M (YUV4MPEG2, 4:2:0) with --use-file-for-fake-video-capture and loops it; the file is written here
with Pillow (no ffmpeg needed): the code on a white page, the way a phone held up to a kennel door sees it."""
from __future__ import annotations

import io
from pathlib import Path

import qrcode
from PIL import Image

WIDTH, HEIGHT = 640, 480


def qr_png(text: str) -> bytes:
    """The QR code of `text`, as the visitor's phone shows a booking code."""
    image = qrcode.make(text, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def y4m_of_image(png: bytes, path: Path, frames: int = 10) -> Path:
    """A short Y4M video of the image centred on white (Chromium repeats it for as long as the camera is open)."""
    code = Image.open(io.BytesIO(png)).convert("RGB")
    side = int(HEIGHT * 0.7)
    code = code.resize((side, side), Image.NEAREST)
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(code, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half, Image.BILINEAR).tobytes() + cr.resize(half, Image.BILINEAR).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return path


def camera_args(video: Path) -> list[str]:
    """Chromium flags: the fake camera plays `video`, and the permission prompt is answered yes."""
    return ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
