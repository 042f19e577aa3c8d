"""Roll-up above the county: prefecture and province workbooks with the metrics."""

from __future__ import annotations

from core.rollup.model import RollupResult
from core.rollup.run import LEVELS, rollup

__all__ = ["LEVELS", "RollupResult", "rollup"]
