"""Cases derived from the live events: one pupil's episodes, their states and history.

A case opens with an open state (pending, suspected, dropout) when the pupil has no open case;
every later observation with another state is a transition; an ended case observed open again
is a new episode (reopened). Events are replayed in period order, so a month consolidated again
or consolidated late yields the same cases as one run in order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

OPEN_STATES = frozenset({"pending", "suspected", "dropout"})
BACK_STATES = frozenset({"returned", "resumed"})
STATE_LABELS = {
    "pending": "待核实",
    "suspected": "疑似辍学",
    "returned": "已返校",
    "dropout": "辍学",
    "resumed": "已复学",
    "closed": "已销号",
    "excluded": "排除",
    "transferred": "转出",
    "lawful": "依法不在校",
}


@dataclass
class Case:
    """One pupil in one episode."""

    pupil: str
    how: str
    episode: int
    state: str
    opened: str
    opened_by: str
    school_code: str | None
    last_period: str
    last_event: str | None
    identity: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0

    @property
    def case_id(self) -> str:
        """The pupil's key and the episode's number."""
        return f"{self.pupil}#{self.episode}"

    @property
    def is_open(self) -> bool:
        """True while the case still needs following up."""
        return self.state in OPEN_STATES


Row = tuple[
    int,
    str,
    str,
    str,
    str,
    str | None,
    str | None,
    str | None,
    str,
    str | None,
    str | None,
    int | None,
    str | None,
]
COLUMNS = "id, period, pupil, how, kind, state, date, school_code, data, file, sheet, row, reason"


def _step(case: Case, row: Row, data: dict[str, Any]) -> None:
    _, period, *_rest = row
    state, date, school = row[5], row[6], row[7]
    source = {"file": row[9], "sheet": row[10], "row": row[11]}
    if data.get("column"):  # a field check's decision knows its 核查结果 cell
        source["column"] = data["column"]
    case.history.append(
        {
            "period": period,
            "event": state,
            "date": date,
            "reason": row[12] or data.get("closing_reason") or data.get("reason"),
            "evidence": data.get("evidence"),
            "source": source,
        }
    )
    case.state = state or case.state
    case.last_period = period
    case.last_event = date or case.last_event
    case.school_code = school or case.school_code
    case.identity.update({k: data[k] for k in ("name", "id", "sno") if data.get(k)})


def replay(rows: Iterable[Row]) -> dict[str, list[Case]]:
    """Every pupil's episodes from case events in (period, id) order."""
    episodes: dict[str, list[Case]] = {}
    for row in rows:
        pupil, how, kind, state = row[2], row[3], row[4], row[5]
        if kind not in ("observed", "decided") or state is None:
            continue
        data = json.loads(row[8])
        mine = episodes.get(pupil, [])
        current = mine[-1] if mine else None
        if current is None or (not current.is_open and state in OPEN_STATES):
            if kind == "decided":
                continue  # a decision opens no case; it only settles an open one
            if current is None and state == "lawful":
                continue  # a 休学 pupil with no case is no case
            current = Case(
                pupil,
                how,
                len(mine) + 1,
                state,
                row[1],
                data.get("opened_by") or "school-ledger",
                row[7],
                row[1],
                row[6],
            )
            episodes.setdefault(pupil, mine).append(current)
            _step(current, row, data)
        elif state != current.state:
            _step(current, row, data)
        else:
            current.last_period = row[1]
    return episodes


def case_events(conn: sqlite3.Connection, before: str | None = None) -> list[Row]:
    """Live case events (no roster observations), optionally of periods before one."""
    sql = f"SELECT {COLUMNS} FROM live_events WHERE kind IN ('observed', 'decided')"
    args: tuple = ()
    if before is not None:
        sql += " AND period < ?"
        args = (before,)
    return conn.execute(sql + " ORDER BY period, id", args).fetchall()


def count_attempts(
    conn: sqlite3.Connection, episodes: dict[str, list[Case]], until: str | None = None
) -> None:
    """Each case's distinct 劝返 attempts: those first reported while it was the pupil's latest."""
    rows = conn.execute("SELECT pupil, first_period FROM attempts").fetchall()
    for pupil, first in rows:
        if until is not None and first > until:
            continue
        mine = episodes.get(pupil)
        if not mine:
            continue
        owner = next((c for c in reversed(mine) if c.opened <= first), mine[0])
        owner.attempts += 1


def derive(conn: sqlite3.Connection) -> dict[str, list[Case]]:
    """The cases as the live events say, with their attempt counts."""
    episodes = replay(case_events(conn))
    count_attempts(conn, episodes)
    return episodes


def rebuild(conn: sqlite3.Connection) -> dict[str, list[Case]]:
    """Refill the derived cases table from the events (inside the caller's transaction)."""
    episodes = derive(conn)
    conn.execute("DELETE FROM cases")
    conn.executemany(
        "INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.case_id,
                c.pupil,
                c.how,
                c.episode,
                c.state,
                c.opened,
                c.opened_by,
                c.school_code,
                c.last_period,
                c.last_event,
                json.dumps({**c.identity, "attempts": c.attempts}, ensure_ascii=False),
                json.dumps(c.history, ensure_ascii=False),
            )
            for mine in episodes.values()
            for c in mine
        ],
    )
    return episodes
