"""Progress and cancellation for long work, as plain callables (core never uses Qt signals)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

ProgressFn = Callable[[int, int, str], None]
"""on_progress(done, total, label): label names the file or step in Chinese."""


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """The user cancelled; raised inside core at the next step boundary."""


@dataclass
class Progress:
    """Reports steps and checks for cancellation; both parts optional."""

    on_progress: ProgressFn | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def step(self, done: int, total: int, label: str) -> None:
        """Report a step; raise Cancelled if the user asked to stop."""
        if self.cancel.is_set():
            raise Cancelled
        if self.on_progress is not None:
            self.on_progress(done, total, label)

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self.cancel.is_set():
            raise Cancelled
