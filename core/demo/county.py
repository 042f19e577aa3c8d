"""generate_county: the sample county (schools' inbox, reference lists and the answer key)."""

from __future__ import annotations

import datetime as dt
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.demo.book_writer import SheetPos, Style, write_book
from core.demo.ledgers import Cases
from core.demo.month import build_book, refresh_summary
from core.demo.people import Pupil
from core.demo.plants import Plant, plant_five_four, plant_values
from core.demo.plants_sheets import plant_sheets, plant_structure
from core.demo.roster_plan import Plan, as_nine_year, plan_schools
from core.demo.school import Book, make_pupils, window_days
from core.demo.world import World
from core.progress import Progress

MIN_SCHOOL_DAYS = 10
"""The cases need this many school days in the month (a term month has 17-23, July and
February about 10: the policy's term calendar leaves the breaks out)."""
PARALLEL_FROM = 60
"""From this many workbooks on, two processes write them (the benchmark county has 300)."""


@dataclass
class DemoCounty:
    """Where the sample county was written."""

    out_dir: Path
    inbox: Path
    school_list: Path
    household: Path
    poverty: Path
    platform: Path
    answer_key: Path
    period: str
    passwords: list[str] = field(default_factory=list)


@dataclass
class Sent:
    """One school workbook as it was written (before it went into the inbox)."""

    plan: Plan
    book: Book
    data: bytes
    positions: dict[str, SheetPos]
    plants: list[Plant] = field(default_factory=list)
    traps: list[Plant] = field(default_factory=list)
    """Rows right as they are that a rule once misread: no finding of the code at the cell."""
    style: Style = field(default_factory=Style)
    file: str = ""
    """Path relative to the output folder, '/'-separated (zip members: 收件箱/x.zip/y.xlsx)."""
    member: str = ""
    """The member name when the file went into the zip of attachments."""


def previous_period(period: str) -> str:
    """The month before YYYY-MM."""
    year, month = (int(x) for x in period.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def generate_county(
    out_dir: Path,
    *,
    schools: int = 12,
    students: int = 250,
    seed: int = 2024,
    county_code: str = "411525",
    county_name: str = "固始县",
    period: str = "2026-10",
    clean: bool = False,
    progress: Progress | None = None,
) -> DemoCounty:
    """Write a realistic synthetic county to out_dir; the same seed gives identical files.

    A clean county has no planted problem: only ordinary schools, no stray child, no duplicate.
    """
    from core.demo.output import write_county

    world = World.create(seed, county_code, county_name, period, clean=clean)
    for month in (period, previous_period(period)):
        if len(window_days(world.policy, month)) < MIN_SCHOOL_DAYS:
            raise ValueError(
                f"{month} 的上课日（学期日历内）不足 {MIN_SCHOOL_DAYS} 天，请换一个填报月份"
            )
    plans = plan_schools(world.rng, schools, students, world.county, world.towns, clean=clean)
    _assign_county_cases(plans)
    pair = None if clean else _duplicate_pair(plans)
    if not clean:
        _five_four(plans, pair)
    pupils = {
        p.school.code: make_pupils(
            world.rng, world.ids, p.school, p.size, county_code, world.towns, period
        )
        for p in plans
    }
    duplicate = _share_pupil(pair, pupils) if pair else None
    sent = [s for plan in plans for s in _books(world, plan, pupils[plan.school.code], duplicate)]
    _write_all(sent, progress)
    return write_county(Path(out_dir), world, sent, plans, pupils, duplicate)


def _assign_county_cases(plans: list[Plan]) -> None:
    """Cases the county-level comparisons need, and none where they would blur a plant."""
    for plan in plans:
        if plan.role in ("planted-values", "planted-sheets", "unknown"):
            plan.cases = Cases()
    ordinary = [p for p in plans if p.role in ("clean", "messy")]
    ordinary[0].cases = Cases(suspected=1, returned=1, dropout=1, poverty_dropout=True)
    ordinary[1].cases = Cases(suspected=1, returned=ordinary[1].cases.returned, dropout=1)


def _duplicate_pair(plans: list[Plan]) -> tuple[Plan, Plan]:
    """Two ordinary schools teaching a common grade (one becomes 九年一贯制 if none do)."""
    ordinary = [p for p in plans if p.role in ("clean", "messy")]
    for a in reversed(ordinary):
        for b in reversed(ordinary):
            if a is not b and set(a.school.grades) & set(b.school.grades):
                return a, b
    a, b = ordinary[-1], ordinary[-2]
    b.school = as_nine_year(b.school)
    return a, b


def _five_four(plans: list[Plan], pair: tuple[Plan, Plan]) -> None:
    """One ordinary school runs 5+4 (one of the duplicate pair only when no other is left): the
    first teaching 初中, else the first made a 九年一贯制 school. No draw from the county's
    stream."""
    ordinary = [p for p in plans if p.role in ("clean", "messy")]
    ordinary.sort(key=lambda p: p in pair)
    plan = next((p for p in ordinary if p.school.stage in ("2", "3")), None)
    if plan is None:
        plan = ordinary[0]
        plan.school = as_nine_year(plan.school)
    plan.school = replace(plan.school, system="5+4")


def _share_pupil(pair: tuple[Plan, Plan], pupils: dict[str, list[Pupil]]) -> tuple[str, str, Pupil]:
    """Put one pupil of school A on school B's roll too: (code A, code B, pupil)."""
    a, b = pair
    grades_b = {p.grade for p in pupils[b.school.code]}
    pupil = next(
        p
        for p in pupils[a.school.code]
        if p.grade in grades_b and p.schooling == "01" and p.in_county
    )
    pupils[b.school.code].append(pupil)
    pupils[b.school.code].sort(key=lambda p: (p.grade, p.class_no))
    return a.school.code, b.school.code, pupil


def _books(world: World, plan: Plan, pupils: list[Pupil], duplicate: tuple | None) -> list[Sent]:
    """The workbooks a school sends (none, one, or two)."""
    if plan.role == "missing":
        return []
    reserved = {duplicate[2].id_number} if duplicate else set()
    if plan.role == "wrong-period":
        prev = previous_period(world.period)
        fill = dt.date(*(int(x) for x in prev.split("-")), 27)
        return [_write(plan, _book(world, plan, pupils, prev, fill, reserved))]
    month = dt.date(*(int(x) for x in world.period.split("-")), 1)
    fill = month.replace(day=world.rng.randint(24, 28))
    book = _book(world, plan, pupils, world.period, fill, reserved)
    sent = _write(plan, book, *_plant(world, plan, book))
    if plan.school.system == "5+4":
        plants, sent.traps = plant_five_four(book, world.ids)
        sent.plants += plants
    if plan.role != "resent":
        return [sent]
    older = _book(world, plan, pupils, world.period, month.replace(day=22), reserved)
    return [_write(plan, older), sent]


def _book(
    world: World, plan: Plan, pupils: list[Pupil], period: str, fill: dt.date, reserved: set[str]
) -> Book:
    return build_book(
        world.rng,
        plan.school,
        pupils,
        world.county_code,
        period,
        world.policy,
        fill,
        plan.cases,
        reserved,
    )


def _plant(world: World, plan: Plan, book: Book) -> tuple[Style, list[Plant]]:
    """The planted mistakes of a planted school (none for the others)."""
    if plan.role == "planted-values":
        plants = plant_values(world.rng, book, world.ids)
        refresh_summary(book, world.policy)
        return plan.style, plants
    if plan.role == "planted-sheets":
        return plan.style, plant_sheets(world.rng, book, world.ids, world.towns, world.policy)
    if plan.role == "planted-structure":
        return plant_structure(book, plan.style)
    return plan.style, []


def _write(
    plan: Plan, book: Book, style: Style | None = None, plants: list[Plant] | None = None
) -> Sent:
    """A Sent whose bytes are written later by _write_all."""
    return Sent(plan, book, b"", {}, plants or [], style=style or plan.style)


def _write_all(sent: list[Sent], progress: Progress | None) -> None:
    """Write every workbook; a big county uses two processes (xlsxwriter is pure Python)."""
    jobs = [(s.book, s.style) for s in sent]
    # A frozen Windows build would start a second app per worker (no freeze_support there).
    parallel = len(jobs) >= PARALLEL_FROM and not getattr(sys, "frozen", False)
    pool = ProcessPoolExecutor(max_workers=2) if parallel else None
    results = pool.map(_write_job, jobs, chunksize=8) if pool else map(_write_job, jobs)
    try:
        for i, (s, (data, positions)) in enumerate(zip(sent, results, strict=True)):
            if progress is not None:
                progress.step(i, len(sent), s.plan.school.name)
            s.data, s.positions = data, positions
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _write_job(job: tuple[Book, Style]) -> tuple[bytes, dict[str, SheetPos]]:
    return write_book(*job)
