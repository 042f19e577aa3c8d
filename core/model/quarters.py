"""A quarter written YYYYQn and its three months: plain text, no pandas (the window's 复核 page
checks its input with it before anything heavy is loaded)."""

from __future__ import annotations

import re

QUARTER_RE = re.compile(r"(\d{4})Q([1-4])")


def quarter_periods(quarter: str) -> list[str] | None:
    """The three months (YYYY-MM) of a quarter written YYYYQn, or None."""
    m = QUARTER_RE.fullmatch(quarter.strip().upper())
    if m is None:
        return None
    year, q = int(m[1]), int(m[2])
    return [f"{year}-{month:02d}" for month in range(3 * q - 2, 3 * q + 1)]
