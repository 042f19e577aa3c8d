"""County consolidation: the inbox, the three ledgers, 四查三比对, the county workbook."""

from __future__ import annotations

from core.consolidate.result import ConsolidationResult, Submission
from core.consolidate.run import consolidate

__all__ = ["ConsolidationResult", "Submission", "consolidate"]
