"""The Qt guards and fixtures of tests/ui apply here too (no real dialog ever opens)."""

from __future__ import annotations

from tests.ui.conftest import FakeChoosers, ctx, no_real_dialogs, opened

__all__ = ["FakeChoosers", "ctx", "no_real_dialogs", "opened"]
