"""The multi-month sample: N consecutive monthly inboxes of one county in which cases evolve.

OUT/YYYY-MM/ holds that month's 收件箱 (every school's workbook, none planted with mistakes), the
学校名录, 户籍 and 脱贫户 lists, and answer_key.json: the register's expected cases after the
month (state, episode and distinct 劝返 attempts of every case, the open ones by state) and the
month-over-month findings planted in it (code, file, sheet, row), and every school's 在籍 and 在校
with what its roll was made to do (SCHOOL_ROLES: the quarterly review's jumps, a roll that never
varies, and their near misses). core.demo.month_story says which pupil does what.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from core.catalogue import school_monthly as sm
from core.demo import names, people
from core.demo.book_writer import SheetPos, Style, write_book
from core.demo.county_lists import (
    household_row,
    local_child,
    platform_row,
    poverty_rows,
    school_rows,
    stray_children,
    write_list,
)
from core.demo.inbox import INBOX, put
from core.demo.ledgers import Cases
from core.demo.month import build_book, refresh_summary
from core.demo.month_story import ROLES, Story, closing_code, expected, on_roll, write_month
from core.demo.people import Pupil
from core.demo.reference_lists import LIST_FILES, SPECS, household_children
from core.demo.roster_plan import Plan, as_nine_year, make_school
from core.demo.school import GRADES_BY_STAGE, Book, make_pupils, window_days
from core.demo.world import World
from core.model.identity import pupil_key

ANSWER_KEY = "answer_key.json"
TITLES = {spec.kind: spec.title for spec in sm.SCHOOL_MONTHLY.sheets}
SCHOOL_ROLES = ("flat", "jump", "near-jump", "near-flat")
"""What the schools after the story's two do with their rolls, in order; every other school
(the story's two among them) takes in one pupil from outside the county each month after the
first, so its 在籍 and 在校 move a little, as real ones do:

- flat: takes in nobody, its 在校 never varies (the review's attendance-flat, when the school has
  the policy's flat_min pupils);
- jump: in the second month takes in the fewest pupils that are a jump by the policy's [review]
  jump_share and jump_min (count-jump on 在籍 and 在校), then one a month;
- near-jump: in the second month the most that are not a jump (a near miss), then one a month;
- near-flat: takes in one pupil in the last month only: constant but for that month (a near miss).
"""


def school_role(index: int) -> str:
    """The role of the school at `index` in the county's list (SCHOOL_ROLES, else varying)."""
    at = index - 2
    return SCHOOL_ROLES[at] if 0 <= at < len(SCHOOL_ROLES) else "varying"


@dataclass
class Arrivals:
    """The pupils who joined each school after the first month, and its last month's counts."""

    joined: dict[str, list[Pupil]] = field(default_factory=dict)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """school code -> (在籍, 在校) of the month before."""

    def how_many(self, world: World, index: int, code: str, k: int, months: int) -> int:
        """How many pupils the school takes in in month k (0-based)."""
        role = school_role(index)
        if k == 0 or role == "flat":
            return 0
        if role == "near-flat":
            return 1 if k == months - 1 else 0
        if k == 1 and role in ("jump", "near-jump"):
            share, least = world.policy.review_jump_share, world.policy.review_jump_min
            roster, attending = self.counts[code]
            if role == "jump":  # a jump of both counts: "> share" of each, ">= min"
                return max(least, math.floor(share * max(roster, attending)) + 1)
            return max(least - 1, math.floor(share * min(roster, attending)))
        return 1


@dataclass
class DemoMonth:
    """Where one month of the sample was written."""

    period: str
    out_dir: Path
    inbox: Path
    school_list: Path
    household: Path
    poverty: Path
    answer_key: Path


def next_period(period: str) -> str:
    """The month after YYYY-MM."""
    year, month = (int(x) for x in period.split("-"))
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"


def key_of(p: Pupil) -> str:
    """The register's key of a pupil (its normalised ID number)."""
    found = pupil_key(p.id_number, p.student_no, p.name, p.birth)
    return f"{found[0]}:{found[1]}"


def generate_months(
    out_dir: Path,
    *,
    period: str,
    months: int,
    schools: int = 3,
    students: int = 60,
    seed: int = 2024,
    county_code: str = "411525",
    county_name: str = "固始县",
) -> list[DemoMonth]:
    """Write `months` monthly inboxes from `period` on; the same seed gives identical files."""
    if months < 1 or schools < 2:
        raise ValueError("多月示例至少需要 1 个月、2 所学校")
    world = World.create(seed, county_code, county_name, period)
    periods = [period]
    while len(periods) < months:
        periods.append(next_period(periods[-1]))
    for p in periods:
        if len(window_days(world.policy, p)) < 12:
            raise ValueError(f"{p} 的上课日不足 12 天，请换一个起始月份")
    plans = _plans(world, schools, students)
    pupils = {
        p.school.code: make_pupils(
            world.rng, world.ids, p.school, p.size, county_code, world.towns, period
        )
        for p in plans
    }
    story = _cast(world, plans, pupils)
    strays = stray_children(World.create(seed + 5, county_code, county_name, period))
    moves = Arrivals()
    written = []
    for k in range(months):
        written.append(
            _month(Path(out_dir), world, plans, pupils, story, strays, k, periods, moves)
        )
    return written


def _join(world: World, plans: list[Plan], roll, moves: Arrivals, k: int, months: int) -> None:
    """Each school's pupils from outside the county, those of earlier months and this month's,
    appended to its roll (attending, no case: their IDs come from the county's factory)."""
    for index, plan in enumerate(plans):
        code = plan.school.code
        mine = moves.joined.setdefault(code, [])
        want = moves.how_many(world, index, code, k, months)
        rng = random.Random(world.seed * 1000 + 37 * k + index)
        while want > 0:
            new = make_pupils(
                rng, world.ids, plan.school, want + 4, world.county_code, world.towns, world.period
            )
            fresh = [p for p in new if p.schooling == "01"][:want]
            mine.extend(fresh)
            want -= len(fresh)
        roll[code] = roll[code] + mine


def _plans(world: World, count: int, students: int) -> list[Plan]:
    schools = [make_school(world.rng, i, world.county, world.towns) for i in range(count)]
    a, b = schools[0], schools[1]
    if not set(GRADES_BY_STAGE[a.stage]) & set(GRADES_BY_STAGE[b.stage]) or a.stage == "2":
        schools[0], schools[1] = as_nine_year(a), as_nine_year(b)
    return [
        Plan(s, "clean", Style(), Cases(), max(30, round(students * world.rng.uniform(0.9, 1.1))))
        for s in schools
    ]


def _cast(world: World, plans: list[Plan], pupils: dict[str, list[Pupil]]) -> Story:
    """Nine ordinary pupils of the first school, one in a grade the second school teaches."""
    grades_b = set(GRADES_BY_STAGE[plans[1].school.stage])
    pool = [
        p
        for p in pupils[plans[0].school.code]
        if p.schooling == "01" and p.in_county and p.grade >= 3 and p.flags.get("poverty") != "1"
    ]
    if len(pool) < len(ROLES):
        raise ValueError("第一所学校的学生太少，请增加 --students")
    mover = next(p for p in pool if p.grade in grades_b)
    pool.remove(mover)
    # The case closed with its evidence is the oldest pupil: 完成义务教育 when that is 九年级.
    closed = max(reversed(pool), key=lambda p: p.grade)
    pool.remove(closed)
    cast = {role: pool.pop() for role in ROLES if role not in ("transferred", "closed")}
    cast["transferred"], cast["closed"] = mover, closed
    teacher = people.adult_name(world.rng, world.rng.choice(names.SURNAMES[:30]))
    return Story({r: cast[r] for r in ROLES}, teacher)


def _month(
    out: Path,
    world: World,
    plans: list[Plan],
    pupils: dict[str, list[Pupil]],
    story: Story,
    strays: tuple,
    k: int,
    periods: list[str],
    moves: Arrivals,
) -> DemoMonth:
    period = periods[k]
    rng = random.Random(world.seed * 100 + k)
    here = out / period
    roll = _rolls(plans, pupils, story, k)
    _join(world, plans, roll, moves, k, len(periods))
    fill = dt.date(*(int(x) for x in period.split("-")), 25)
    books = {}
    for p in plans:
        books[p.school.code] = build_book(
            rng,
            p.school,
            roll[p.school.code],
            world.county_code,
            period,
            world.policy,
            fill,
            Cases(),
        )
    first = books[plans[0].school.code]
    write_month(rng, story, {"A": first, "B": books[plans[1].school.code]}, k)
    placed = {}
    schools = {}
    for index, plan in enumerate(plans):
        book = books[plan.school.code]
        refresh_summary(book, world.policy)
        counts = book.sheets["summary"][0]
        moves.counts[plan.school.code] = (counts["roster_count"], counts["attending_count"])
        schools[plan.school.code] = {
            "role": school_role(index),
            "roster": counts["roster_count"],
            "attending": counts["attending_count"],
            "joined": len(moves.joined[plan.school.code]),
        }
        data, positions = write_book(book, plan.style)
        name = f"{plan.school.short}{int(period[5:])}月控辍保学月报.xlsx"
        put(here / INBOX / name, data)
        placed[plan.school.code] = (str(here / INBOX / name), positions)
    file, positions = placed[plans[0].school.code]
    file = Path(file).relative_to(here).as_posix()  # as the consolidation reports it
    story.places[k] = lambda kind, role: _place(file, first, positions, kind, story.cast[role])
    _lists(here, world, plans, roll, strays, fill)
    pushed = _platform(here, world, plans, pupils, story, k, periods, books)
    key = _answer_key(story, k, periods, strays[0])
    key["platform"] = pushed
    key["schools"] = schools
    put(here / ANSWER_KEY, (json.dumps(key, ensure_ascii=False, indent=2) + "\n").encode())
    return DemoMonth(
        period,
        here,
        here / INBOX,
        here / LIST_FILES["school-list"],
        here / LIST_FILES["household"],
        here / LIST_FILES["poverty"],
        here / ANSWER_KEY,
    )


PUSHED = (
    # (who, month pushed (0-based)): the platform's list of a month holds every push so far
    ("attending", 0),
    ("confirmed", 0),
    ("resumes", 0),
    ("stranger", 0),
    ("closed", 1),
    ("transferred", 1),
)
PUSH_REASON = "学籍系统中连续多日无考勤记录"


def _pushed_pupils(world: World, plans, pupils, story: Story) -> dict[str, Pupil]:
    cast = {id(p) for p in story.cast.values()}
    attending = next(
        p for p in pupils[plans[0].school.code] if id(p) not in cast and p.schooling == "01"
    )
    stranger = local_child(World.create(world.seed + 7, world.county_code, "", world.period), 7)
    return {"attending": attending, "stranger": stranger, **story.cast}


def _expected_answer(who: str, p: Pupil, k: int, since: int, story: Story, books) -> dict:
    """What the month's ledgers let the county answer for a pushed pupil (story-based)."""
    a = books[next(iter(books))]
    b = books[list(books)[1]]
    blank = {"result": None, "verifier": None, "date": None}
    teacher = story.teacher
    if who == "attending":
        return {"result": "在校就读", "verifier": None, "date": a.fill_date.isoformat()}
    if who == "confirmed":
        return blank if k == 0 else {"result": "辍学", "verifier": teacher,
                                     "date": a.fill_date.isoformat()}  # fmt: skip
    if who == "resumes":
        if k < 2:
            return {"result": "辍学", "verifier": teacher, "date": a.fill_date.isoformat()}
        return {"result": "已返校", "verifier": teacher, "date": a.days[4].isoformat()}
    if who == "closed":
        if k == since:  # its 销号 month: 转户籍地 answers 转学, 完成义务教育 is left to the county
            if closing_code(p) == "05":
                return {"result": "转学", "verifier": teacher, "date": a.days[4].isoformat()}
            return blank
        return {"result": "在校就读", "verifier": None, "date": a.fill_date.isoformat()}
    if who == "transferred":  # on the second school's roll, attending
        return {"result": "转学", "verifier": None, "date": b.fill_date.isoformat()}
    return blank


def _platform(here: Path, world: World, plans, pupils, story: Story, k: int, periods, books):
    """Write the month's 平台推送疑似辍学名单; return what the answer key says of it."""
    who = _pushed_pupils(world, plans, pupils, story)
    schools = {p.school.code: p.school for p in plans}
    home = plans[0].school
    rows, key = [], []
    for n, (role, since) in enumerate((r for r in PUSHED if r[1] <= k), start=2):
        p = who[role]
        year, month = (int(x) for x in periods[since].split("-"))
        pushed = dt.date(year, month, 20)
        school = None if role == "stranger" else home
        rows.append(platform_row(p, schools.get(school.code) if school else None, pushed,
                                 PUSH_REASON))  # fmt: skip
        answer = _expected_answer(role, p, k, since, story, books)
        key.append({"role": role, "row": n, "id_number": p.id_number, "name": p.name,
                    "school_code": school.code if school else None,
                    "push_date": pushed.isoformat(), **answer})  # fmt: skip
    put(
        here / LIST_FILES["platform"],
        write_list(SPECS["platform"], rows, books[home.code].fill_date),
    )
    # platform-unanswered: pushed in an earlier month and answered in no month since (the
    # default [platform] answer_days = 30 from the 20th always ends before the next month does)
    unanswered = [
        {"code": "platform-unanswered", "file": LIST_FILES["platform"],
         "sheet": SPECS["platform"].title, "row": e["row"], "id_number": e["id_number"]}
        for e, (role, since) in zip(key, (r for r in PUSHED if r[1] <= k), strict=True)
        if since < k
        and not any(
            _expected_answer(role, who[role], m, since, story, books)["result"]
            for m in range(since, k + 1)
        )
    ]  # fmt: skip
    return {"file": LIST_FILES["platform"], "pushed": key, "unanswered": unanswered}


def _place(file: str, book: Book, positions: dict[str, SheetPos], kind: str, p: Pupil) -> dict:
    """Where a pupil's (last) row of a sheet kind landed: file, sheet, Excel row."""
    index = max(i for i, r in enumerate(book.sheets[kind]) if r.get("_pupil") is p)
    pos = positions[kind]
    return {"file": file, "sheet": pos.name, "row": pos.first_row + index}


PLANTED = (
    # (code, first month it shows (0-based), last month or None for every later one,
    #  month whose row it points at (None: the same month), sheet kind, role)
    ("case-unaccounted", 1, None, 0, "suspected", "vanishes"),
    ("roster-drop-unexplained", 1, 1, 0, "roster", "dropped"),
    ("closure-without-evidence", 1, 1, None, "dropout", "closed-bare"),
    ("returned-absent-again", 2, 2, None, "suspected", "absent-again"),
)


def _answer_key(story: Story, k: int, periods: list[str], out_of_school: list) -> dict:
    """What the register must hold after month k, and the findings planted in it."""
    period = periods[k]
    cases = expected(story, k, key_of)
    for row in out_of_school:
        found = pupil_key(row.get("id_number"), None, row.get("name"), row.get("birth_date"))
        # A child the 户籍 list says has not enrolled (未报到) is 失学 at once; one the list
        # says nothing of is only to be verified (待核实).
        state = "suspected" if row.get("schooling") else "pending"
        cases[f"{found[0]}:{found[1]}"] = {
            "role": "out-of-school",
            "state": state,
            "episode": 1,
            "attempts": 0,
        }
    open_by_state: dict[str, int] = {}
    for c in cases.values():
        if c["state"] in ("pending", "suspected", "dropout"):
            open_by_state[c["state"]] = open_by_state.get(c["state"], 0) + 1
    planted = [
        {
            "code": code,
            "period_of_file": periods[k if at is None else at],
            **story.places[k if at is None else at](kind, role),
        }
        for code, since, until, at, kind, role in PLANTED
        if since <= k and (until is None or k <= until)
    ]
    return {
        "period": period,
        "month": k + 1,
        "register": {"open": open_by_state, "cases": cases},
        "planted": planted,
    }


def _rolls(plans, pupils, story: Story, k: int) -> dict[str, list[Pupil]]:
    """Each school's roll this month: the cast's moves applied."""
    a, b = plans[0].school.code, plans[1].school.code
    away = {id(p): on_roll(role, k) for role, p in story.cast.items()}
    roll = {
        code: [p for p in mine if away.get(id(p), "A") == "A" or code != a]
        for code, mine in pupils.items()
    }
    roll[b] = roll[b] + [p for p in story.cast.values() if away[id(p)] == "B"]
    return roll


def _lists(here: Path, world: World, plans, roll, strays: tuple, fill: dt.date) -> None:
    out_rows, lawful = strays
    children = household_children(plans, roll)
    poor = [p for p in children if p.flags.get("poverty") == "1"]
    rows = {
        "school-list": school_rows([p.school for p in plans], world.county_code),
        "household": [household_row(p) for p in children] + out_rows + lawful,
        "poverty": poverty_rows(random.Random(world.seed + 9), world.ids, poor),
    }
    for kind, data in rows.items():
        put(here / LIST_FILES[kind], write_list(SPECS[kind], data, fill))
