"""The multi-month sample's cases: who is opened, visited, returned, closed or lost, month by month.

Nine pupils of the first school (the cast) carry the story; every other pupil attends as usual.
Each month the school's ledgers show every case still open, plus the rows of what changed this
month, so the register sees the evolution the answer key describes. A 劝返 attempt of one month
is reported again in the next month's 劝返记录 (it must count once).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from core.catalogue import codelists as cl
from core.demo.ledgers import dropout_row, suspected_row, visit_row
from core.demo.people import Pupil
from core.demo.school import Book, attendance_row

ROLES = (
    "returns",  # 疑似 in month 1, back (已返校) in month 2
    "confirmed",  # 疑似 in month 1, 转为辍学 in month 2, still out afterwards
    "resumes",  # 辍学 in month 1, still out in month 2, 已复学 in month 3
    "vanishes",  # 疑似 in month 1, then in none of the ledgers (case-unaccounted)
    "absent-again",  # 疑似 and back in month 1, 疑似 again in month 3 (a new episode)
    "closed",  # 辍学 in month 1, 已销号 with reason and evidence in month 2
    "closed-bare",  # 辍学 in month 1, 已销号 with neither in month 2 (closure-without-evidence)
    "transferred",  # 疑似 in month 1, on the second school's roll from month 2 (转出)
    "dropped",  # on the roll in month 1, on none from month 2 (roster-drop-unexplained)
)
CLOSINGS = {
    "06": ("初中毕业证书复印件已存档", "完成义务教育"),
    "05": ("户籍地学校出具的就读证明已存档", "转户籍地"),
}
"""销号原因 code -> (销号佐证材料, what it means): 完成义务教育 for a pupil in 九年级, else
the pupil went back to the school of the place of household registration."""
MEASURES = ("家访", "电话", "村(居)委联合劝返")


@dataclass
class Story:
    """The cast and what was reported of them so far."""

    cast: dict[str, Pupil]
    teacher: str
    visits: dict[str, list[tuple[dt.date, str]]] = field(default_factory=dict)
    """role -> every attempt reported so far (date, measure)."""
    starts: dict[str, dt.date] = field(default_factory=dict)
    """role -> first day of absence of its current episode."""
    places: dict[int, Callable[[str, str], dict]] = field(default_factory=dict)
    """month -> where(sheet kind, role): the file, sheet and row of a cast pupil's row."""


def on_roll(role: str, month: int) -> str | None:
    """Which school's roll the pupil of a role is on in a month (0-based): 'A', 'B' or None."""
    if role == "transferred" and month >= 1:
        return "B"
    if role == "dropped" and month >= 1:
        return None
    return "A"


def _state(role: str, month: int) -> tuple[str, int] | None:
    """(state, episode) of the role's case after a month, or None when it has none."""
    if role == "dropped":
        return None
    plan = {
        "returns": ["suspected", "returned"],
        "confirmed": ["suspected", "dropout"],
        "resumes": ["dropout", "dropout", "resumed"],
        "vanishes": ["suspected"],
        "absent-again": ["returned", "returned", "suspected"],
        "closed": ["dropout", "closed"],
        "closed-bare": ["dropout", "closed"],
        "transferred": ["suspected", "transferred"],
    }[role]
    state = plan[min(month, len(plan) - 1)]
    episode = 2 if role == "absent-again" and month >= 2 else 1
    return state, episode


VISITED = {"returns": (0, 1), "confirmed": None, "resumes": (0, 1), "absent-again": (0, 0)}
"""role -> the months (first, last) with a new attempt; None: every month it is open."""


def _visited(role: str, month: int) -> bool:
    if role not in VISITED:
        return False
    span = VISITED[role]
    return span is None or span[0] <= month <= span[1]


def expected(story: Story, month: int, key) -> dict[str, dict]:
    """The register's expected case of every cast pupil after a month: state, episode, attempts."""
    out = {}
    for role, p in story.cast.items():
        found = _state(role, month)
        if found is None:
            continue
        state, episode = found
        visits = sum(_visited(role, m) for m in range(month + 1))
        if role == "absent-again":
            visits = 0 if month >= 2 else visits  # the attempt belongs to the first episode
        out[key(p)] = {"role": role, "state": state, "episode": episode, "attempts": visits}
        if role == "closed":  # what its 销号 says, once it is closed
            out[key(p)]["closing"] = closing_code(p)
    return out


def write_month(rng: random.Random, story: Story, books: dict[str, Book], month: int) -> None:
    """Put this month's rows of the cast into the books ('A', 'B') of the month."""
    for role, p in story.cast.items():
        where = on_roll(role, month)
        if where is None:
            continue
        book = books[where]
        _ROWS[role](rng, story, book, p, month)
        if _visited(role, month):
            _visit(rng, story, book, role, p)


def _visit(rng: random.Random, story: Story, book: Book, role: str, p: Pupil) -> None:
    mine = story.visits.setdefault(role, [])
    if mine:  # the school copies last month's attempt into this month's 劝返记录 again
        day, measure = mine[-1]
        book.sheets["return-visits"].append(
            visit_row(p, len(mine), day, story.teacher, measure, "拒绝返校", rng)
        )
    mine.append((book.days[len(mine) % 3 + 2], MEASURES[len(mine) % len(MEASURES)]))
    day, measure = mine[-1]
    book.sheets["return-visits"].append(
        visit_row(p, len(mine), day, story.teacher, measure, "拒绝返校", rng)
    )


def _absent(book: Book, p: Pupil, days: int, start: dt.date | None = None) -> None:
    due = len(book.days)
    row = attendance_row(p, due, days, days, "3", start or book.days[due - days])
    book.sheets["attendance"] = [
        row if r.get("_pupil") is p else r for r in book.sheets["attendance"]
    ]


def _tracking(rng: random.Random, story: Story, book: Book, p: Pupil, role: str) -> None:
    """An open 疑似 row (跟踪中), absent the whole month (from day 6 in a case's first month)."""
    due = len(book.days)
    first = story.starts.setdefault(role, book.days[5])
    days = due - 5 if first == book.days[5] else due
    _absent(book, p, days)
    book.sheets["suspected"].append(suspected_row(rng, p, first, days, "1", first, story.teacher))


def _out(rng: random.Random, story: Story, book: Book, p: Pupil, role: str, status: str) -> dict:
    """A 辍学 row (未返校 unless told), absent the whole month."""
    first = story.starts.setdefault(role, book.days[0])
    row = dropout_row(rng, p, f"{first:%Y-%m}", story.teacher)
    row["status"] = status
    if status != "未返校":
        row["status_date"] = book.days[4]
        _absent(book, p, 4)
    else:
        _absent(book, p, len(book.days))
    book.sheets["dropout"].append(row)
    return row


def _returns(rng, story, book, p, month, role="returns") -> None:
    if month == 0:
        _tracking(rng, story, book, p, role)
    elif month == 1:
        first = story.starts[role]
        _absent(book, p, 3, book.days[0])
        book.sheets["suspected"].append(
            suspected_row(rng, p, first, 3, "2", book.days[3], story.teacher)
        )


def _confirmed(rng, story, book, p, month) -> None:
    if month == 0:
        _tracking(rng, story, book, p, "confirmed")
        return
    if month == 1:
        first = story.starts["confirmed"]
        book.sheets["suspected"].append(
            suspected_row(rng, p, first, len(book.days), "3", book.days[2], story.teacher)
        )
    _out(rng, story, book, p, "confirmed-out", "未返校")


def _resumes(rng, story, book, p, month) -> None:
    if month <= 2:
        row = _out(rng, story, book, p, "resumes", "未返校" if month < 2 else "已复学")
        if month == 2:
            row["return_school"] = book.school.name


def _vanishes(rng, story, book, p, month) -> None:
    if month == 0:
        _tracking(rng, story, book, p, "vanishes")


def _absent_again(rng, story, book, p, month) -> None:
    if month == 0:
        _absent(book, p, 6, book.days[3])
        book.sheets["suspected"].append(
            suspected_row(rng, p, book.days[3], 6, "2", book.days[9], story.teacher)
        )
    elif month >= 2:
        _tracking(rng, story, book, p, "absent-again-2")


def _closed(rng, story, book, p, month, bare: bool = False) -> None:
    if month == 0:
        _out(rng, story, book, p, "closed-bare" if bare else "closed", "未返校")
    elif month == 1:
        row = _out(rng, story, book, p, "closed-bare" if bare else "closed", "已销号")
        if not bare:
            code = closing_code(p)
            row.update(
                closing_reason=cl.CLOSING_REASON.label(code), closing_evidence=CLOSINGS[code][0]
            )


def closing_code(p: Pupil) -> str:
    """The 销号原因 that fits the pupil: 完成义务教育 only at the end of 初中 (九年级)."""
    return "06" if p.grade >= 9 else "05"


def _transferred(rng, story, book, p, month) -> None:
    if month == 0:
        _tracking(rng, story, book, p, "transferred")


def _nothing(rng, story, book, p, month) -> None:
    """On the roll, attending as usual."""


_ROWS = {
    "returns": _returns,
    "confirmed": _confirmed,
    "resumes": _resumes,
    "vanishes": _vanishes,
    "absent-again": _absent_again,
    "closed": _closed,
    "closed-bare": lambda rng, story, book, p, month: _closed(rng, story, book, p, month, True),
    "transferred": _transferred,
    "dropped": _nothing,
}
