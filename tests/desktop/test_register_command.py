"""consolidate --register and register status/export through the real command line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.demo import generate_county
from core.register.record import HOOK, HOOK_WAIT

CLI = [sys.executable, "-m", "desktop.cli"]


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    return generate_county(tmp_path_factory.mktemp("county"), students=60)


def _consolidate(county, register: Path, out: Path, env=None, **popen):
    args = [
        *CLI,
        "consolidate",
        str(county.inbox),
        "--period",
        county.period,
        "--out",
        str(out),
        "--schools",
        str(county.school_list),
        "--household",
        str(county.household),
        "--register",
        str(register),
        "--json",
        *[x for pw in county.passwords for x in ("--password", pw)],
    ]
    env = {**os.environ, **(env or {})}
    if popen:
        return subprocess.Popen(args, env=env, **popen)
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def _snapshot(register: Path) -> tuple:
    conn = sqlite3.connect(register)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return tuple(
            conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("runs", "events", "cases", "months")
        )
    finally:
        conn.close()


def _status(register: Path) -> dict:
    done = subprocess.run(
        [*CLI, "register", "status", "--register", str(register), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_consolidating_a_month_twice_leaves_the_register_as_once(county, tmp_path):
    register = tmp_path / "reg.sqlite"
    first = _consolidate(county, register, tmp_path / "a.xlsx")
    once = _status(register)["cases"]
    second = _consolidate(county, register, tmp_path / "b.xlsx")
    assert json.loads(second.stdout)["register"] == json.loads(first.stdout)["register"]
    assert _status(register)["cases"] == once
    states = {"pending", "suspected", "dropout", "returned", "excluded", "resumed", "closed"}
    assert {c["state"] for c in once} <= states  # the sample county plants a 复学 and a 销号
    unmatched = [
        f["id_number"]
        for f in json.loads(first.stdout)["findings"]
        if f["code"] == "household-unmatched"
    ]
    pending = [c["id_number"] for c in once if c["state"] == "pending"]
    assert sorted(pending) == sorted(unmatched) != []


def test_export_writes_cases_transitions_and_attempts(county, tmp_path):
    register = tmp_path / "reg.sqlite"
    _consolidate(county, register, tmp_path / "a.xlsx")
    out = tmp_path / "登记册.xlsx"
    done = subprocess.run(
        [*CLI, "register", "export", "--register", str(register), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (0, f"个案登记册已导出：{out}\n")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["个案", "状态变更", "劝返记录", "入户核查", "平台核实", "指标"]
    cases = len(_status(register)["cases"])
    assert book["个案"].max_row == cases + 1


def test_a_file_that_is_not_a_register_is_refused_with_exit_2(tmp_path):
    fake = tmp_path / "fake.sqlite"
    fake.write_text("not a database", encoding="utf-8")
    done = subprocess.run(
        [*CLI, "register", "status", "--register", str(fake)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"schoolroll：“{fake}”已损坏或不是个案登记册（file is not a database），未作任何改动\n",
    )
    assert fake.read_text(encoding="utf-8") == "not a database"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL does not exist on Windows")
def test_killing_a_consolidation_inside_its_transaction_leaves_the_register_as_it_was(
    county, tmp_path
):
    register = tmp_path / "reg.sqlite"
    assert _consolidate(county, register, tmp_path / "a.xlsx").returncode in (0, 1)
    before = _snapshot(register)
    marker = tmp_path / "open.txt"
    child = _consolidate(
        county,
        register,
        tmp_path / "b.xlsx",
        env={HOOK: str(marker), HOOK_WAIT: "60"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the transaction never opened"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert _snapshot(register) == before
