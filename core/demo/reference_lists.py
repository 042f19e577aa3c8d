"""Which children, households and pushed pupils the county's four reference lists hold."""

from __future__ import annotations

from pathlib import Path

from core.catalogue import county as cf
from core.demo.county_lists import (
    household_row,
    local_child,
    platform_row,
    poverty_rows,
    school_rows,
    stray_children,
    write_list,
)
from core.demo.inbox import put
from core.demo.people import Pupil
from core.demo.world import World

LIST_FILES = {
    "school-list": "学校名录.xlsx",
    "household": "户籍适龄儿童名单.xlsx",
    "poverty": "脱贫户家庭成员名单.xlsx",
    "platform": "平台推送疑似辍学名单.xlsx",
}
SPECS = {
    "school-list": cf.SCHOOL_LIST,
    "household": cf.HOUSEHOLD,
    "poverty": cf.POVERTY,
    "platform": cf.PLATFORM,
}
ACCEPTED_ROLES = (
    "clean",
    "messy",
    "planted-values",
    "planted-sheets",
    "planted-structure",
    "resent",
)
"""Roles whose workbook the county accepts (the others send nothing usable)."""


def write_lists(
    out: Path, world: World, sent: list, plans: list, pupils: dict[str, list[Pupil]]
) -> dict:
    """Write the four reference lists; return their rows for the answer key."""
    accepted = [p for p in plans if p.role in ACCEPTED_ROLES]
    children = household_children(accepted, pupils)
    out_rows, lawful = ([], []) if world.clean else stray_children(world)
    poor = [p for p in children if p.flags.get("poverty") == "1"]
    rows = {
        "school-list": school_rows(
            [p.school for p in plans if p.role != "unknown"], world.county_code
        ),
        "household": [household_row(p) for p in children] + out_rows + lawful,
        "poverty": poverty_rows(world.rng, world.ids, poor),
        "platform": _platform(world, sent),
    }
    created = sent[0].book.fill_date
    for kind, spec in SPECS.items():
        put(out / LIST_FILES[kind], write_list(spec, rows[kind], created))
    return {"rows": rows, "out_of_school": out_rows, "files": LIST_FILES}


def household_children(accepted: list, pupils: dict[str, list[Pupil]]) -> list[Pupil]:
    """Children of the 户籍 extract: every pupil of an accepted school whose 户籍 is here.

    Left out: migrant pupils (户籍 elsewhere) and the pupil whose ID the roster mistyped, so
    the 户籍 comparison flags only the children planted as out of school.
    """
    seen, children = set(), []
    for plan in accepted:
        for p in pupils[plan.school.code]:
            if p.in_county and "_bad_id" not in p.flags and p.id_number not in seen:
                seen.add(p.id_number)
                children.append(p)
    return sorted(children, key=lambda p: (p.hukou_region, p.id_number))


def _platform(world: World, sent: list) -> list:
    """Four pushed pupils: one at school, one suspected, one dropout, one unknown here.

    A clean county's platform pushes no stranger.
    """
    ordinary = [s for s in sent if s.plan.role in ("clean", "messy")]
    first = ordinary[0].book
    pushed = first.days[-3]
    dropout = first.sheets["dropout"][0]["_pupil"]
    suspect = next(
        r["_pupil"] for s in ordinary for r in s.book.sheets["suspected"] if r["status"] == "跟踪中"
    )
    busy = {id(r.get("_pupil")) for k in ("suspected", "dropout") for r in first.sheets[k]}
    at_school = next(
        p for p in first.pupils if id(p) not in busy and p.schooling == "01" and p.in_county
    )
    school_of = {id(r["_pupil"]): s.plan.school for s in ordinary for r in s.book.sheets["roster"]}
    reason = "学籍系统中连续多日无考勤记录"
    known = [
        platform_row(at_school, school_of[id(at_school)], pushed, reason),
        platform_row(suspect, school_of[id(suspect)], pushed, reason),
        platform_row(dropout, school_of[id(dropout)], pushed, "学籍状态为辍学"),
    ]
    if world.clean:
        return known
    stranger = local_child(world, 7, "1")  # known to no list of the county
    return [*known, platform_row(stranger, None, pushed, "户籍地推送")]
