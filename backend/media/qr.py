"""QR codes as PNG bytes (licence tags now; kennels and check-in codes use the same)."""
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def png(text: str, box_size: int = 8) -> bytes:
    # Level M survives a scuffed metal tag better than the default L.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
