"""What the forms propose before the user chooses: the month being reported, output file names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from core.policy import Policy
from ui.views.widgets import PathField


def reporting_month(today: dt.date, policy: Policy) -> str:
    """The month being reported on today: the previous month until this month's cut-off day."""
    current = f"{today:%Y-%m}"
    if today > policy.window(current)[1]:
        return current
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return f"{previous:%Y-%m}"


def beside(inbox: str) -> Path | None:
    """The folder next to a chosen inbox where outputs go (None before one is chosen)."""
    path = Path(inbox) if inbox else None
    if path is None or not path.is_absolute() or not path.is_dir() or path.parent == path:
        return None
    return path.parent


class ProposedPath:
    """Keeps a path field filled with a proposal until the user puts a path of their own in it."""

    def __init__(self, field: PathField, propose: Callable[[], Path | None]) -> None:
        self.field = field
        self._propose = propose
        self._proposed = ""

    def user_text(self) -> str:
        """The path the user put in the field ("" while it holds the proposal)."""
        return "" if self.field.text() == self._proposed else self.field.text()

    def refresh(self) -> None:
        """Propose again (the inbox or the period changed) unless the user chose a path."""
        if self.field.text() not in ("", self._proposed):
            return
        path = self._propose()
        self._proposed = str(path) if path is not None else ""
        self.field.set_text(self._proposed)
