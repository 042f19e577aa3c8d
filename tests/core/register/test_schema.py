"""The register file: foreign and damaged files refused untouched, migrations with a backup."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from core.register import RegisterError, open_register, schema


def test_a_foreign_sqlite_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t(x)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(RegisterError) as err:
        open_register(path)
    assert str(err.value) == f"“{path}”不是 SchoolRoll 的个案登记册，未作任何改动"
    assert path.read_bytes() == before


def test_a_damaged_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "reg.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 2000)
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="已损坏或不是个案登记册"):
        open_register(path)
    assert path.read_bytes() == before


def test_a_new_register_is_versioned_and_in_wal_mode(tmp_path):
    conn = open_register(tmp_path / "reg.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    conn.close()


def test_a_migration_keeps_a_copy_of_the_older_file_first(tmp_path, monkeypatch):
    path = tmp_path / "reg.sqlite"
    conn = open_register(path)
    conn.execute("INSERT INTO runs (period, command, started) VALUES ('2026-09', 'x', 'now')")
    conn.close()
    old = schema.VERSION
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "CREATE TABLE extra(x);"))
    monkeypatch.setattr(schema, "VERSION", old + 1)
    conn = open_register(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old + 1
    conn.close()
    copy = sqlite3.connect(schema.backup_path(path, old))
    assert copy.execute("PRAGMA user_version").fetchone()[0] == old
    assert copy.execute("SELECT period FROM runs").fetchall() == [("2026-09",)]
    copy.close()


def test_a_register_from_a_newer_version_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "reg.sqlite"
    open_register(path).close()
    monkeypatch.setattr(schema, "VERSION", 0)
    with pytest.raises(RegisterError, match="由更新版本的 SchoolRoll 创建"):
        open_register(path)


def test_a_version_1_register_gains_the_index_of_events_by_kind(tmp_path, monkeypatch):
    path = tmp_path / "reg.sqlite"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        m.setattr(schema, "VERSION", 1)
        conn = open_register(path)
        conn.execute("INSERT INTO runs (period, command, started) VALUES ('2026-09', 'x', 'now')")
        conn.close()
    conn = open_register(path)
    indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT * FROM events WHERE kind = 'attempt'").fetchall()
    assert (conn.execute("PRAGMA user_version").fetchone()[0], "events_kind" in indexes) == (
        schema.VERSION,
        True,
    )
    assert [row[3] for row in plan] == ["SEARCH events USING INDEX events_kind (kind=?)"]
    assert conn.execute("SELECT period FROM runs").fetchall() == [("2026-09",)]
    conn.close()
    assert schema.backup_path(path, 1).is_file()


def test_a_backup_that_cannot_be_kept_stops_the_migration_and_leaves_no_half_copy(
    tmp_path, monkeypatch
):
    path = tmp_path / "reg.sqlite"
    conn = open_register(path)
    conn.execute("INSERT INTO runs (period, command, started) VALUES ('2026-09', 'x', 'now')")
    conn.close()
    old = schema.VERSION
    blocker = schema.backup_path(path, old)
    blocker.mkdir()  # a folder where the backup copy should go: the move into place fails
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "CREATE TABLE extra(x);"))
    monkeypatch.setattr(schema, "VERSION", old + 1)
    with pytest.raises(RegisterError) as err:
        open_register(path)
    assert str(err.value).startswith(f"升级个案登记册“{path}”前无法保存备份副本：")
    assert str(err.value).endswith("；登记册未作任何改动")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([blocker.name, path.name])
    assert list(blocker.iterdir()) == []
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == old
    assert check.execute("SELECT period FROM runs").fetchall() == [("2026-09",)]
    check.close()


def _page_of(path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    return size, root


def test_a_register_damaged_after_it_was_opened_whole_is_refused_the_next_time(tmp_path):
    path = tmp_path / "reg.sqlite"
    conn = open_register(path)
    conn.executemany(
        "INSERT INTO runs (period, command, started) VALUES (?, 'x', 'now')",
        [(f"2026-{m:02d}",) for m in range(1, 13)],
    )
    conn.close()
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))  # settled: opened whole, long unchanged
    open_register(path).close()
    size, root = _page_of(path, "runs")
    with path.open("r+b") as raw:
        raw.seek((root - 1) * size)
        raw.write(b"\xff" * size)
    before = path.read_bytes()
    with pytest.raises(RegisterError) as err:
        open_register(path)
    assert str(err.value).startswith(f"“{path}”已损坏（")
    assert str(err.value).endswith("），未作任何改动；请用备份副本")
    assert path.read_bytes() == before


def test_a_version_2_register_drops_the_index_of_events_by_pupil_and_keeps_its_events(
    tmp_path, monkeypatch
):
    path = tmp_path / "reg.sqlite"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        m.setattr(schema, "VERSION", 2)
        conn = open_register(path)
        conn.execute("INSERT INTO runs (period, command, started) VALUES ('2026-09', 'x', 'now')")
        conn.execute(
            "INSERT INTO events (run_id, period, pupil, how, kind) VALUES"
            " (1, '2026-09', 'id:411525201301010016', 'id', 'roster')"
        )
        conn.close()
    conn = open_register(path)
    indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert (conn.execute("PRAGMA user_version").fetchone()[0], "events_pupil" in indexes) == (
        3,
        False,
    )
    assert conn.execute("SELECT period, pupil FROM live_events").fetchall() == [
        ("2026-09", "id:411525201301010016")
    ]
    conn.close()
    assert schema.backup_path(path, 2).is_file()
