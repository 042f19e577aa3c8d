"""Where outputs may go: never over an input, never inside the inbox they come from.

The CLI and the window both ask check_outputs before anything is written: an output named like
an input or a reference list would overwrite a school's file, and one inside the inbox would be
read back as a submission by the next run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def check_outputs(inputs: Iterable[str | Path], outputs: Iterable[str | Path]) -> list[str]:
    """The problems, in Chinese, of writing the outputs (files or folders) given these inputs
    (files, folders or zips read, reference lists included); [] when all may be written."""
    sources = [(given, _real(given)) for given in inputs if given]
    problems = []
    for out in outputs:
        if not out:
            continue
        target = _real(out)
        for given, source in sources:
            if target == source:
                problems.append(f"输出“{out}”就是输入“{given}”本身，写出会覆盖它，请换一个位置")
            elif source.is_dir() and _inside(target, source):
                problems.append(
                    f"输出“{out}”在输入文件夹“{given}”里面，下次会被当作报送文件读取，"
                    "请换到这个文件夹以外"
                )
    return problems
