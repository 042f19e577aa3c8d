"""Fixtures for the reader tests: a factory of .xlsx files in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from reader_corpus import write_xlsx


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """xlsx({"学籍名册": rows}, name="x.xlsx", merges=..., hidden_rows=..., hidden_sheets=...)."""

    def factory(
        sheets: dict[str, Sequence[Sequence[Any]]], name: str = "school.xlsx", **kw: Any
    ) -> Path:
        return write_xlsx(tmp_path / name, sheets, **kw)

    return factory
