"""The window's check of an output path before a run: a wrong choice is a message, not a crash."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _nearest_existing(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(path.anchor or ".")


def output_file_problem(
    out: str, label: str, inputs: Iterable[str] = (), inbox: str | None = None
) -> str | None:
    """Why a workbook cannot be written at out, in Chinese (None when it can).

    The window asks this before it starts a run; the engine checks again when it writes and
    its refusal is the last word (a file may become read-only between the two).
    """
    if not out:
        return f"请选择{label}的保存位置。"
    path = Path(out)
    if path.is_dir():
        return f"{label}的保存位置“{path}”是一个文件夹，请选择或填写一个 .xlsx 文件名。"
    if path.suffix.lower() != ".xlsx":
        return f"{label}应保存为 .xlsx 文件，请改一下文件名：{path.name}"
    if any(i and _same(path, Path(i)) for i in inputs):
        return f"{label}不能保存到输入文件本身（{path.name}），否则会覆盖它，请换一个文件名。"
    if inbox and _inside(path, Path(inbox)):
        return (
            f"{label}不能保存在收件箱文件夹里（下次汇总会把它当成学校报表），"
            "请保存到收件箱旁边的文件夹。"
        )
    return _unwritable(path, label)


def output_folder_problem(folder: str, label: str, inbox: str | None = None) -> str | None:
    """Why copies cannot be written into folder, in Chinese (None when they can, or no folder)."""
    if not folder:
        return None
    path = Path(folder)
    if path.exists() and not path.is_dir():
        return f"{label}“{path}”是一个文件，请选择一个文件夹。"
    if inbox and _inside(path, Path(inbox)):
        return f"{label}不能放在收件箱文件夹里（下次汇总会把副本当成学校报表），请换一个文件夹。"
    return _unwritable(path / "x", label)


def register_file_problem(
    register: str, inputs: Iterable[str] = (), inbox: str | None = None
) -> str | None:
    """Why the month cannot be recorded in the case register at register, in Chinese (None
    when it can: the file exists and is writable, or its folder lets it be created)."""
    label = "个案登记册"
    if not register:
        return f"请选择{label}，或取消勾选“记入个案登记册”。"
    path = Path(register)
    if path.is_dir():
        return f"{label}“{path}”是一个文件夹，请选择或填写一个 .sqlite 文件名。"
    if any(i and _same(path, Path(i)) for i in inputs):
        return f"{label}不能是汇总的输入或输出文件（{path.name}），请换一个文件名。"
    if inbox and _inside(path, Path(inbox)):
        return f"{label}不能放在收件箱文件夹里，请放到收件箱旁边或数据文件夹中。"
    return _unwritable(path, label)


def _unwritable(path: Path, label: str) -> str | None:
    if path.exists() and not os.access(path, os.W_OK):
        return f"{label}“{path.name}”是只读的，无法覆盖，请换一个文件名或位置。"
    folder = _nearest_existing(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"没有权限在文件夹“{folder}”中写入{label}，请换一个位置。"
    return None
