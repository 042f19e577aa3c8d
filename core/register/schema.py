"""The register file: recognised, versioned, migrated with a backup copy, opened safely.

A register is a SQLite file whose ``application_id`` says it is SchoolRoll's; ``user_version`` is
its schema version. Migrations are numbered and run in order, each in its own transaction, after
a copy of the file is kept next to it. WAL mode and a busy timeout let the window and the CLI
share one file: the second writer waits, and is told (RegisterBusyError) when it waited too long.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from core.outputs import OutputError, write_atomic

APPLICATION_ID = 0x53524C52  # "SRLR": a SchoolRoll register, whatever the file is called
BUSY_TIMEOUT_MS = 15_000

_V1 = """
CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    command TEXT NOT NULL,
    started TEXT NOT NULL,
    supersedes INTEGER REFERENCES runs(id),
    note TEXT
);
CREATE TABLE events(
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    period TEXT NOT NULL,
    pupil TEXT NOT NULL,
    how TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT,
    date TEXT,
    school_code TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    file TEXT,
    sheet TEXT,
    row INTEGER,
    supersedes INTEGER REFERENCES events(id),
    reason TEXT
);
CREATE INDEX events_run ON events(run_id, kind);
CREATE INDEX events_period ON events(period, kind);
CREATE INDEX events_pupil ON events(pupil);
CREATE INDEX events_supersedes ON events(supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX runs_supersedes ON runs(supersedes) WHERE supersedes IS NOT NULL;
CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_d BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER runs_append_only_u BEFORE UPDATE ON runs
    BEGIN SELECT RAISE(ABORT, 'runs are append-only'); END;
CREATE TRIGGER runs_append_only_d BEFORE DELETE ON runs
    BEGIN SELECT RAISE(ABORT, 'runs are append-only'); END;
CREATE TABLE months(
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    period TEXT NOT NULL,
    submissions TEXT NOT NULL,
    schools TEXT NOT NULL,
    findings TEXT NOT NULL
);
CREATE VIEW active_runs AS
    SELECT * FROM runs r WHERE NOT EXISTS (SELECT 1 FROM runs s WHERE s.supersedes = r.id);
CREATE VIEW live_events AS
    SELECT e.* FROM events e JOIN active_runs r ON e.run_id = r.id
    WHERE NOT EXISTS (SELECT 1 FROM events c WHERE c.supersedes = e.id);
CREATE VIEW attempts AS
    SELECT pupil, date, json_extract(data, '$.visitor') AS person,
           json_extract(data, '$.method') AS measure, MIN(period) AS first_period,
           COUNT(*) AS reports, MIN(id) AS first_event
    FROM live_events WHERE kind = 'attempt'
    GROUP BY pupil, date, person, measure;
CREATE VIEW month_summaries AS
    SELECT m.* FROM months m JOIN active_runs r ON m.run_id = r.id;
CREATE TABLE cases(
    case_id TEXT PRIMARY KEY,
    pupil TEXT NOT NULL,
    how TEXT NOT NULL,
    episode INTEGER NOT NULL,
    state TEXT NOT NULL,
    opened TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    school_code TEXT,
    last_period TEXT NOT NULL,
    last_event TEXT,
    identity TEXT NOT NULL,
    history TEXT NOT NULL
);
CREATE INDEX cases_pupil ON cases(pupil);
"""

# Case events, 劝返 attempts and a month's roster are read by kind: without this index a year's
# register (a million roster events) is scanned whole for the few thousand case events.
_V2 = """
CREATE INDEX events_kind ON events(kind, period);
"""

# No query looks events up by pupil (each reads by kind and period, then groups in Python), and
# a month's 100,000 roster events landing at random places in this index were a third of the
# cost of writing them into a year's register.
_V3 = """
DROP INDEX IF EXISTS events_pupil;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
"""Migration n (1-based) takes a register from version n-1 to n; never edit a released one."""
VERSION = len(MIGRATIONS)


class RegisterError(Exception):
    """The register cannot be used; the message is for the user, in Chinese."""


class EarlierMonthError(RegisterError):
    """A month earlier than the register's latest. The message ends with the CLI's way to record
    it anyway (--allow-earlier); `fact` is the message without it, for callers (the window) that
    say what to do in their own words."""

    def __init__(self, latest: str, period: str) -> None:
        self.fact = f"登记册中已有 {latest} 的汇总，不能再记录更早的 {period}"
        super().__init__(f"{self.fact}；确需补录时请加 --allow-earlier")


class RegisterBusyError(RegisterError):
    """Another program holds the register and did not let go in time."""


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _identify(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    try:
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise RegisterError(f"“{path}”已损坏或不是个案登记册（{exc}），未作任何改动") from exc
    if app == 0 and version == 0 and tables == 0:
        return 0, 0
    if app != APPLICATION_ID:
        raise RegisterError(f"“{path}”不是 SchoolRoll 的个案登记册，未作任何改动")
    if version > VERSION:
        raise RegisterError(
            f"“{path}”由更新版本的 SchoolRoll 创建（版本 {version}），请升级后再打开"
        )
    return app, version


SETTLED_SECONDS = 2.0
"""A file last changed this long ago: any later change gives it another mtime."""
_whole: set[tuple] = set()
"""Stamps (_stamp) of the register files this process found whole."""


def _stamp(path: Path) -> tuple | None:
    """The file and its WAL as they stand (device, inode, size, mtime; an empty or absent WAL
    holds nothing), or None while a change is too recent for the mtime to tell a later one."""
    now = time.time()
    parts: list[tuple | None] = []
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            st = part.stat()
        except OSError:
            st = None
        if st is None or (st.st_size == 0 and part != path):
            parts.append(None)
            continue
        if now - st.st_mtime < SETTLED_SECONDS:
            return None
        parts.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
    return (str(path.resolve()), *parts)


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    # quick_check reads the whole file (about 0.6 s CPU for a county's year, 324 MB), and one
    # consolidation opens the register three times: the same unchanged file is checked once.
    stamp = _stamp(path)
    if stamp is not None and stamp in _whole:
        return
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    if verdict != "ok":
        raise RegisterError(f"“{path}”已损坏（{verdict}），未作任何改动；请用备份副本")
    if stamp is not None:
        _whole.add(stamp)


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of a register at a version is kept before it is migrated."""
    return path.with_name(f"{path.name}.v{version}.bak")


def _keep_backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """The copy of the register before its migration, moved into place whole (write_atomic):
    a failed copy leaves no half file, and the migration does not start."""

    def build(tmp: Path) -> None:
        copy = sqlite3.connect(tmp)
        try:
            conn.backup(copy)
        finally:
            copy.close()

    try:
        write_atomic(backup_path(path, version), build)
    except OutputError as exc:
        raise RegisterError(
            f"升级个案登记册“{path}”前无法保存备份副本：{exc}；登记册未作任何改动"
        ) from None


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    if version > 0:
        _keep_backup(conn, path, version)
    for n in range(version, VERSION):
        script = (
            f"BEGIN IMMEDIATE; {MIGRATIONS[n]};"
            f" PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {n + 1}; COMMIT;"
        )
        try:
            conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def open_register(path: str | Path) -> sqlite3.Connection:
    """Open (or create) a register, refusing a foreign or damaged file; migrates it if needed."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise RegisterError(f"“{path}”是文件夹，不是个案登记册")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _connect(path)
    try:
        _, version = _identify(conn, path)
        if version:
            _check_integrity(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        # Under WAL, NORMAL syncs the log at checkpoints (the last close makes one), not at every
        # commit: a process killed mid-transaction (SIGKILL) leaves the register as it was, a
        # committed month survives the process, and a power cut before the close can undo the
        # month just recorded (consolidate it again) but never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < VERSION:
            _migrate(conn, path, version)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise RegisterBusyError(f"个案登记册“{path}”正被其他程序使用，请稍后再试") from exc
        raise RegisterError(f"无法打开个案登记册“{path}”：{exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn
