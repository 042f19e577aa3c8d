"""Where dropped files land: the page they are dropped on fills its own fields, else 校验."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Landing = tuple[str, Callable[[], None]]
"""What the status bar says while dragging, and what the drop then does."""


Fields = dict[str, tuple[str, str, Any]]
"""key -> (label, file-name prefix, PathField); the key "inbox" takes a folder."""


def form_landing(fields: Fields, paths: Sequence[str]) -> Landing | None:
    """Fill form fields from dropped paths, or None when some path fits no field."""
    chosen = [(fields[key], p) for p in paths if (key := assign(fields, Path(p))) is not None]
    if not chosen or len(chosen) != len(paths):
        return None
    text = "、".join(f"{label}（{Path(p).name}）" for (label, _x, _f), p in chosen)

    def fill() -> None:
        for (_label, _prefix, field), p in chosen:
            field.set_text(str(Path(p)))

    return f"松开即可填入：{text}", fill


def assign(fields: Fields, path: Path) -> str | None:
    """The key of the field a dropped path belongs in: a folder the inbox, a list by its name."""
    if path.is_dir():
        return "inbox" if "inbox" in fields else None
    for key, (_label, prefix, _field) in fields.items():
        if key != "inbox" and path.name.startswith(prefix):
            return key
    return None


def validate_landing(view: Any, paths: Sequence[str]) -> Landing:
    """Check the dropped files on the 校验 page."""
    return f"松开即可在“校验”页检查这 {len(paths)} 项", lambda: view.add_paths(list(paths))
