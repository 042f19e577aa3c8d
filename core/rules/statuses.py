"""Which roster rows are lawfully absent from class: an excused 就学状态 whose conditions hold."""

from __future__ import annotations

import pandas as pd

from core.catalogue.codelists import EXCUSED_STATUSES, NEEDS_APPROVAL
from core.reader.model import SheetTable
from core.rules.base import column, is_blank


def unapproved(roster: SheetTable) -> pd.Series:
    """Rows whose 休学 or 延缓入学 has no 批准文号."""
    status = column(roster, "schooling")
    return status.isin(NEEDS_APPROVAL) & is_blank(column(roster, "approval_no", raw=True))


def excused(roster: SheetTable) -> pd.Series:
    """Each roster row's 就学状态 when its absence is lawful, else None (unapproved is not)."""
    status = column(roster, "schooling")
    ok = status.isin(EXCUSED_STATUSES) & ~unapproved(roster)
    return status.where(ok, None).astype(object)
