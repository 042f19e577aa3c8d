"""Logging to a rotating file in the user's log folder, with ID numbers masked as a safety net."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

# 15- or 18-character ID numbers (and 19-character 学籍号 starting with a letter).
_ID_LIKE = re.compile(r"[GJLgjl]?\d{14,17}[\dXx]")


class MaskIdsFilter(logging.Filter):
    """Replaces anything shaped like an ID number: logs must never carry one."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the rendered message (and exception text) in place; always keep the record."""
        message = record.getMessage()
        masked = _ID_LIKE.sub("<证件号已隐藏>", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class _MaskingFormatter(logging.Formatter):
    # The whole line, tracebacks included (another handler may have cached exc_text unmasked).
    def format(self, record: logging.LogRecord) -> str:
        return _ID_LIKE.sub("<证件号已隐藏>", super().format(record))


def setup_logging(log_file: Path, level: int = logging.INFO) -> Path:
    """Send the root logger to log_file (1 MB x 3 files); returns the file's path."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskIdsFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_schoolroll", False)]:
        root.removeHandler(old)
        old.close()
    handler._schoolroll = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
