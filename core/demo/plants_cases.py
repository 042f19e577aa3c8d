"""Planted cases that lack their proof or contradict another sheet: a 销号 without 佐证, a 复学
without its school, a 送教上门 pupil with no visit recorded, ledger days below 考勤, a long sick
leave, a 劝返 numbered twice, a 转为辍学 missing from the 辍学台账, a 脱贫户 flag that differs,
a J-number with a wrong birth date.

No draw from the county's random stream: the other schools keep the pupils and values they had.
"""

from __future__ import annotations

import datetime as dt
import random

from core.calendar import school_days
from core.catalogue import codelists as cl
from core.demo.ledgers import dropout_row, suspected_row, visit_row
from core.demo.people import Pupil
from core.demo.plants import Plant, replace_row, row_of
from core.demo.school import APPROVAL, Book, attendance_row, roster_row
from core.policy import Policy
from core.rules.lawful import SPRING_MONTHS


def plant_cases(book: Book, spare, policy: Policy) -> list[Plant]:
    """Cases missing their evidence or contradicting another sheet (`spare` picks pupils)."""
    closed = _closed_without_evidence(book, spare())
    return [
        closed,
        _resumed_at_vocational_school(book, closed.row),
        _resumed_without_school(book, spare()),
        _home_teaching_unrecorded(book, spare()),
        _ledger_days_short(book, spare()),
        _long_sick_leave(book, spare(), policy),
        *_visit_numbered_twice(book, spare(), policy),
        _converted_not_listed(book, spare(), policy),
        _birth_in_student_no(book, spare()),
        *_unapproved_suspension(book, spare),
        *_break_days_counted(book, spare(), policy),
        *_graduating_suspension(book, spare),
    ]


def _earlier_month(book: Book, back: int) -> str:
    year, month = (int(x) for x in book.period.split("-"))
    m = year * 12 + month - 1 - back
    return f"{m // 12}-{m % 12 + 1:02d}"


def _case(book: Book, p: Pupil, status: str) -> dict:
    # The pupil's own stream: the county's draws stay as they were.
    row = dropout_row(random.Random(p.id_number), p, _earlier_month(book, 3), book.school.contact)
    row.update(status=cl.DROPOUT_STATUS.label(status), status_date=book.days[4], _pupil=p)
    book.sheets["dropout"].append(row)
    return row


def _closed_without_evidence(book: Book, p: Pupil) -> Plant:
    row = _case(book, p, "3")
    row["closing_reason"] = cl.CLOSING_REASON.label("01")
    return Plant(
        "closure-without-evidence",
        "error",
        "dropout",
        row,
        "closing_evidence",
        "辍学学生已劝返复学并销号，写了销号原因和日期，没有填写佐证材料",
    )


VOCATIONAL = "36"
"""学校标识码 category of a 中等职业学校: a school that teaches no 义务教育 (SCHOOL_CATEGORIES)."""


def _resumed_at_vocational_school(book: Book, row: dict) -> Plant:
    # The closed case's pupil resumed at the county's 职教中心: the school's own code is kept (it
    # identifies the school in every list); the 复学学校标识码 is the other school's, category 36.
    county = book.school.name.split("县")[0] + "县" if "县" in book.school.name else ""
    row["return_school"] = f"{county}职业教育中心"
    row["return_school_code"] = f"{VOCATIONAL}{book.school.code[2:4]}000901"
    return Plant(
        "school-code-category",
        "warning",
        "dropout",
        row,
        "return_school_code",
        "辍学学生复学并销号，复学学校标识码是中等职业学校（类别 36），不是义务教育学校",
    )


def _resumed_without_school(book: Book, p: Pupil) -> Plant:
    row = _case(book, p, "2")
    return Plant(
        "resumed-without-school",
        "error",
        "dropout",
        row,
        "return_school",
        "辍学学生本月复学，填了复学日期，没有填写复学学校",
    )


def _home_teaching_unrecorded(book: Book, p: Pupil) -> Plant:
    p.schooling = "04"
    replace_row(book, "roster", p, roster_row(p))
    row = attendance_row(p, 0, 0, 0, "0")
    replace_row(book, "attendance", p, row)
    return Plant(
        "home-teaching-no-record",
        "query",
        "attendance",
        row,
        "days_present",
        "送教上门的学生本月考勤中没有一次送教（应出勤、实出勤都是 0）",
    )


LONG_RUN = 25
"""School days of a long absence: past the default 辍学 threshold (20)."""


def _run_start(book: Book, policy: Policy, days: int) -> dt.date:
    """The first school day of a run of `days` school days ending at the period's last one."""
    end = book.days[-1]
    return policy.school_days_in(end - dt.timedelta(days=120), end).days[-days]


def _ledger_days_short(book: Book, p: Pupil) -> Plant:
    run = min(8, len(book.days))
    start = book.days[-run]
    replace_row(book, "attendance", p, attendance_row(p, len(book.days), run, run, "3", start))
    case = suspected_row(
        random.Random(p.id_number), p, start, run - 2, "1", start, book.school.contact
    )
    book.sheets["suspected"].append(case)
    return Plant(
        "suspected-days-mismatch",
        "query",
        "suspected",
        case,
        "absent_days",
        f"疑似辍学台账的连续缺勤天数少算了 2 天（考勤中连续缺勤 {run} 天）",
    )


def _long_sick_leave(book: Book, p: Pupil, policy: Policy) -> Plant:
    due = len(book.days)
    row = attendance_row(p, due, due, due, "1", _run_start(book, policy, LONG_RUN))
    replace_row(book, "attendance", p, row)
    return Plant(
        "long-excused-absence",
        "query",
        "attendance",
        row,
        "longest_run",
        f"连续病假 {LONG_RUN} 个上课日，没有办理休学",
    )


def _visit_numbered_twice(book: Book, p: Pupil, policy: Policy) -> list[Plant]:
    """A 辍学 case visited twice this month, both visits numbered 1; its ledger row marks the
    pupil 脱贫户 though the roster does not."""
    rng = random.Random(p.id_number)
    due = len(book.days)
    replace_row(
        book, "attendance", p, attendance_row(p, due, due, due, "3", _run_start(book, policy, 40))
    )
    case = dropout_row(rng, p, _earlier_month(book, 2), book.school.contact)
    case.update(poverty=cl.YES_NO.label("1"), _pupil=p)
    book.sheets["dropout"].append(case)
    teacher, refused = book.school.contact, cl.VISIT_RESULT.label("3")
    first = visit_row(p, 1, book.days[0], teacher, "家访", refused, rng)
    again = visit_row(p, 1, book.days[-1], teacher, "家访", refused, rng)
    book.sheets["return-visits"] += [first, again]
    return [
        Plant(
            "visit-sequence-invalid",
            "warning",
            "return-visits",
            again,
            "attempt",
            "本月第二次劝返的劝返次序又写成 1",
        ),
        Plant(
            "poverty-flag-mismatch",
            "warning",
            "dropout",
            case,
            "poverty",
            "辍学台账把学生标为脱贫户，学籍名册中不是脱贫户",
        ),
    ]


def _converted_not_listed(book: Book, p: Pupil, policy: Policy) -> Plant:
    start = _run_start(book, policy, LONG_RUN)
    due = len(book.days)
    replace_row(book, "attendance", p, attendance_row(p, due, due, due, "3", start))
    case = suspected_row(
        random.Random(p.id_number), p, start, LONG_RUN, "3", book.days[-1], book.school.contact
    )
    book.sheets["suspected"].append(case)
    return Plant(
        "status-converted-missing",
        "error",
        "suspected",
        case,
        "status",
        "疑似辍学改为“转为辍学”，但没有列入辍学台账",
    )


def _birth_in_student_no(book: Book, p: Pupil) -> Plant:
    row = row_of(book, "roster", p)
    wrong = p.birth + dt.timedelta(days=1)
    row["student_no"] = f"J{p.id_number[:6]}{wrong:%Y%m%d}{p.id_number[-4:]}"
    return Plant(
        "student-no-birthdate",
        "warning",
        "roster",
        row,
        "student_no",
        "J 字头学籍号中的出生日期比出生日期晚一天",
    )


UNAPPROVED_RUN = 8
"""School days of an unapproved 休学 pupil's absence: past the 疑似 threshold, short of 辍学."""


def _graduating(book: Book) -> set[int]:
    """The grades that end a stage at the school: its last 小学 grade and 九年级."""
    return {5 if book.school.system == "5+4" else 6, 9} & set(book.school.grades)


def _unapproved_suspension(book: Book, spare) -> list[Plant]:
    """A 休学 pupil with no 批准文号, absent without leave and listed as 疑似: the status asks
    for its approval (a query) and does not excuse the absence (an error). Not in a graduating
    grade (in spring that would be suspension-overlong as well)."""
    graduating = _graduating(book)
    p = spare(lambda q: q.grade not in graduating)
    p.schooling, p.approval = "06", ""
    roster = roster_row(p)
    replace_row(book, "roster", p, roster)
    run = min(UNAPPROVED_RUN, len(book.days))
    start = book.days[-run]
    row = attendance_row(p, len(book.days), run, run, "3", start)
    replace_row(book, "attendance", p, row)
    case = suspected_row(random.Random(p.id_number), p, start, run, "1", start, book.school.contact)
    book.sheets["suspected"].append(case)
    return [
        Plant(
            "lawful-status-no-approval",
            "query",
            "roster",
            roster,
            "approval_no",
            "就学状态填了休学，没有填写批准文号",
        ),
        Plant(
            "lawful-unapproved-absence",
            "error",
            "attendance",
            row,
            "longest_run",
            f"未经批准的休学学生无故连续缺勤 {run} 个上课日（已列入疑似辍学台账）",
        ),
    ]


def _break_days_counted(book: Book, p: Pupil, policy: Policy) -> list[Plant]:
    """In a month a break falls in (July, February), a clerk counting every workday of the
    window as 应出勤 (the break's included). No plant in a month without a break."""
    window = policy.window(book.period)
    workdays = len(school_days(*window, policy.school_days).days)
    if workdays <= len(book.days):
        return []
    row = attendance_row(p, workdays, 0, 0, "0")
    replace_row(book, "attendance", p, row)
    return [
        Plant(
            "vacation-absence-overcount",
            "error",
            "attendance",
            row,
            "days_due",
            f"应出勤天数填了窗口内全部 {workdays} 个工作日，把假期也算进去了",
        )
    ]


def _graduating_suspension(book: Book, spare) -> list[Plant]:
    """In a spring month, an approved 休学 in a graduating grade (the school's last 小学 grade or
    九年级): not allowed in the graduating year's last term. None in an autumn month."""
    if policy_month(book.period) not in SPRING_MONTHS:
        return []
    graduating = _graduating(book)
    if not graduating:
        return []
    p = spare(lambda q: q.grade in graduating)
    p.schooling = "06"
    p.approval = APPROVAL.format(year=int(book.period[:4]), no=p.id_number[-3:-1])
    roster = roster_row(p)
    replace_row(book, "roster", p, roster)
    replace_row(book, "attendance", p, attendance_row(p, 0, 0, 0, "0"))
    return [
        Plant(
            "suspension-overlong",
            "error",
            "roster",
            roster,
            "schooling",
            f"{p.grade_label}学生在毕业学年的春季学期休学（有批准文号）",
        )
    ]


def policy_month(period: str) -> int:
    """The month of a period (YYYY-MM)."""
    return int(period.split("-")[1])
