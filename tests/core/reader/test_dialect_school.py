"""A correct school written in another school's words has no error: the reader understands it."""

from __future__ import annotations

import random
import shutil
import zipfile
from pathlib import Path

import pytest
from dialects import rewrite_school

from core.demo import generate_county
from core.model.findings import Severity
from core.validate import validate_paths

pytestmark = pytest.mark.slow


def test_every_correct_school_in_a_dialect_has_no_error(tmp_path: Path) -> None:
    demo = generate_county(tmp_path / "demo", schools=10, students=20, clean=True)
    schools = sorted(demo.inbox.rglob("*.xlsx"))
    rng = random.Random(2026)
    written = []
    for n, path in enumerate(schools * 2):  # each school in two dialects
        copy = tmp_path / "方言" / f"{n:02d}_{path.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        try:
            rewrite_school(copy, rng)
        except zipfile.BadZipFile:  # a school that sends its report encrypted
            copy.unlink()
            continue
        written.append(copy)
    reports = validate_paths(written)
    errors = [
        (Path(r.path).name, f.code, f.sheet, f.message)
        for r in reports
        for f in r.findings
        if f.severity is Severity.ERROR
    ]
    assert len(written) >= 12  # not a vacuous pass
    assert (len(reports), errors) == (len(written), [])
