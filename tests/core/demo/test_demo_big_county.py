"""The benchmark county (300 schools x 330 pupils) is generated whole and stays consistent."""

from __future__ import annotations

import json
import time

import pytest

from core.demo import generate_county

pytestmark = pytest.mark.slow


def test_three_hundred_schools(tmp_path) -> None:
    started = time.perf_counter()
    county = generate_county(tmp_path, schools=300, students=330)
    elapsed = time.perf_counter() - started
    key = json.loads(county.answer_key.read_text("utf-8"))
    assert len(key["schools"]) == 301
    sent = [f for s in key["schools"] for f in s["files"]]
    assert len(sent) == len(set(sent)) == 301  # missing sends none, resent sends two
    on_disk = {p.relative_to(tmp_path).as_posix() for p in county.inbox.rglob("*") if p.is_file()}
    outside_zip = {f for f in sent if ".zip/" not in f}
    assert outside_zip <= on_disk
    assert {c["code"] for c in key["cross"]} >= {"missing-submission", "duplicate-across-schools"}
    print(f"300 schools x 330 pupils: {elapsed:.1f} s")
