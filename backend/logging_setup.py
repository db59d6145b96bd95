"""Logging with ID numbers masked in every record, whatever code logged them."""
from __future__ import annotations

import logging

from backend.security.idnumber import mask_text


class MaskIdNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_installed = False


def init_app(app) -> None:
    """Install the filter on the root handlers (so library logs are masked too)."""
    global _installed
    if _installed:
        return
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    for handler in root.handlers:
        handler.addFilter(MaskIdNumbers())
    _installed = True
