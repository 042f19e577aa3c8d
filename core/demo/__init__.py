"""The sample county: `schoolroll demo` (synthetic schools, lists and an answer key)."""

from __future__ import annotations

from core.demo.county import DemoCounty, generate_county

__all__ = ["DemoCounty", "generate_county"]
