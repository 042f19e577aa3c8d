"""Every count of the forms, its status codes and its window, defined once.

The school's 月报汇总 (and the summary-mismatch rule that checks it), the county's 学校汇总 and
the roll-up's 单位汇总 all count through these functions, so one figure has one definition. Each
count takes a ledger frame (one row per pupil, columns by catalogue key) and, where the count
looks at dates, the period's window. A school's row of 学校汇总 counts the rows it reported
(school_reported); the county's 全县合计 and the roll-up count the whole county ledger, the rows
the county's comparisons added included.
"""

# The formulas quote official notation (times and division signs) verbatim.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue import codelists as cl
from core.catalogue import columns as c
from core.catalogue.schema import CodeList
from core.model.identity import frame_keys

Window = tuple[dt.date, dt.date]


def _code(codes: CodeList, label: str) -> str:
    return next(e.code for e in codes.codes if e.label == label)


SUSPECTED_TRACKING = _code(cl.SUSPECTED_STATUS, "跟踪中")
SUSPECTED_RETURNED = _code(cl.SUSPECTED_STATUS, "已返校")
SUSPECTED_CONFIRMED = _code(cl.SUSPECTED_STATUS, "转为辍学")
SUSPECTED_EXCLUDED = _code(cl.SUSPECTED_STATUS, "排除")
DROPOUT_OPEN = _code(cl.DROPOUT_STATUS, "未返校")
DROPOUT_RESUMED = _code(cl.DROPOUT_STATUS, "已复学")
DROPOUT_CLOSED = _code(cl.DROPOUT_STATUS, "已销号")
VISIT_RETURNED = _code(cl.VISIT_RESULT, "已返校")
VISIT_AGREED = _code(cl.VISIT_RESULT, "同意返校")

ORIGIN_SCHOOL = "学校上报"
"""来源类别 of a row a school reported; the county's comparisons write their own name instead."""
ORIGIN_HOUSEHOLD = "户籍比对"
ORIGIN_ATTENDANCE = "考勤比对"

GROUP_KEYS = tuple(g.key for g in c.KEY_GROUPS)
_GROUP_CODES = {
    key: frozenset(e.code for e in codes.codes if e.code != "0")
    for key, codes in (("disability", cl.DISABILITY), ("left_behind", cl.LEFT_BEHIND))
}


def column(frame: pd.DataFrame, key: str) -> pd.Series:
    """A frame's column; all None when the frame lacks it."""
    if key in frame.columns:
        return frame[key]
    return pd.Series(None, index=frame.index, dtype=object)


def _day(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def in_window(dates: pd.Series, window: Window) -> pd.Series:
    """Whether each date lies in the window, both ends included (not a date: False)."""
    start, end = window
    return dates.map(lambda d: isinstance(d, dt.date) and start <= _day(d) <= end).astype(bool)


def school_reported(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a school reported: 来源类别 学校上报 or empty, not a county comparison's rows."""
    mine = column(frame, "origin").map(lambda v: not isinstance(v, str) or v in ("", ORIGIN_SCHOOL))
    return frame[mine.astype(bool)]


def attending(attendance: pd.DataFrame) -> pd.Series:
    """考勤汇总 rows with more than 0 days present this month."""
    present = column(attendance, "days_present")
    return present.map(lambda v: isinstance(v, int | float) and v > 0).astype(bool)


def tracking(suspected: pd.DataFrame) -> pd.Series:
    """疑似辍学台账 rows still 跟踪中."""
    return column(suspected, "status") == SUSPECTED_TRACKING


def not_returned(dropout: pd.DataFrame) -> pd.Series:
    """辍学台账 rows still 未返校."""
    return column(dropout, "status") == DROPOUT_OPEN


def returned_in_window(suspected: pd.DataFrame, window: Window) -> pd.Series:
    """疑似辍学台账 rows 已返校 with a 状态日期 in the window."""
    back = column(suspected, "status") == SUSPECTED_RETURNED
    return back & in_window(column(suspected, "status_date"), window)


def resumed_in_window(dropout: pd.DataFrame, window: Window) -> pd.Series:
    """辍学台账 rows 已复学 with a 状态日期 in the window."""
    back = column(dropout, "status") == DROPOUT_RESUMED
    return back & in_window(column(dropout, "status_date"), window)


def failed_return(results: list[Any]) -> bool:
    """劝返 has failed: attempts recorded for a pupil, none ended in 已返校 or 同意返校."""
    return bool(results) and not {VISIT_RETURNED, VISIT_AGREED} & set(results)


def roster_count(roster: pd.DataFrame) -> int:
    """在籍学生数: the rows of the roster."""
    return len(roster)


def attending_count(attendance: pd.DataFrame) -> int:
    """在校学生数: pupils with more than 0 days present this month."""
    return int(attending(attendance).sum())


def suspected_count(suspected: pd.DataFrame) -> int:
    """疑似辍学人数: suspected cases still 跟踪中."""
    return int(tracking(suspected).sum())


def dropout_count(dropout: pd.DataFrame) -> int:
    """辍学人数: dropouts still 未返校."""
    return int(not_returned(dropout).sum())


def returned_count(
    suspected: pd.DataFrame | None, dropout: pd.DataFrame | None, window: Window
) -> int:
    """本月返校人数: 已返校 (疑似) plus 已复学 (辍学) with a 状态日期 in the window."""
    total = 0
    if suspected is not None:
        total += int(returned_in_window(suspected, window).sum())
    if dropout is not None:
        total += int(resumed_in_window(dropout, window).sum())
    return total


def visit_count(visits: pd.DataFrame, window: Window) -> int:
    """本月劝返次数: 劝返记录 rows with a 劝返日期 in the window."""
    return int(in_window(column(visits, "visit_date"), window).sum())


def resumed_count(dropout: pd.DataFrame) -> int:
    """已复学人数: dropouts 已复学, whatever the date (cumulative)."""
    return int((column(dropout, "status") == DROPOUT_RESUMED).sum())


def excused_status(status: Any, approval: Any) -> bool:
    """Whether a pupil's 就学状态 makes absence lawful: in codelists.EXCUSED_STATUSES and, for
    休学 and 延缓入学 (NEEDS_APPROVAL), with a 批准文号. The one definition the school rules
    (core.rules.statuses), the county's 考勤比对 and the register apply."""
    if status not in cl.EXCUSED_STATUSES:
        return False
    if status in cl.NEEDS_APPROVAL:
        return isinstance(approval, str | int) and bool(str(approval).strip())
    return True


def closed_count(dropout: pd.DataFrame) -> int:
    """已销号人数: dropouts 已销号, whatever the date (cumulative)."""
    return int((column(dropout, "status") == DROPOUT_CLOSED).sum())


def dropout_total(dropout: pd.DataFrame) -> int:
    """辍学台账总人数: the rows of the dropout ledger, every status."""
    return len(dropout)


def in_group(frame: pd.DataFrame, key: str) -> pd.Series:
    """Whether each row is in a key group (残疾 and 留守: any code but 0; flags: 是)."""
    values = column(frame, key)
    if key in _GROUP_CODES:
        return values.isin(_GROUP_CODES[key])
    return values.map(lambda v: v is True).astype(bool)


def open_cases(suspected: pd.DataFrame | None, dropout: pd.DataFrame | None) -> pd.DataFrame:
    """The cases still open: 疑似 跟踪中 and 辍学 未返校, stacked."""
    parts = []
    if suspected is not None:
        parts.append(suspected[tracking(suspected)])
    if dropout is not None:
        parts.append(dropout[not_returned(dropout)])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def group_counts(suspected: pd.DataFrame | None, dropout: pd.DataFrame | None) -> dict[str, int]:
    """Open cases in each key group ({} without either case ledger)."""
    if suspected is None and dropout is None:
        return {}
    cases = open_cases(suspected, dropout)
    return {k: int(in_group(cases, k).sum()) for k in GROUP_KEYS}


def open_count(suspected: pd.DataFrame | None, dropout: pd.DataFrame | None) -> int:
    """在案个案数: 疑似 跟踪中 plus 辍学 未返校 (the denominator of 劝返覆盖率)."""
    return len(open_cases(suspected, dropout))


def visited_open_count(
    suspected: pd.DataFrame | None, dropout: pd.DataFrame | None, visits: pd.DataFrame | None
) -> int:
    """Open cases with at least one 劝返 recorded (any date), matched by any of the pupil's keys
    (core.model.identity): the numerator of 劝返覆盖率."""
    cases = open_cases(suspected, dropout)
    if cases.empty or visits is None or not len(visits):
        return 0
    seen = {k for keys in frame_keys(visits) for k in keys}
    return sum(1 for keys in frame_keys(cases) if any(k in seen for k in keys))


def on_roll(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of pupils on the county's 学籍: every row but those the county's 户籍比对 added
    (a child of the 户籍 list with no 学籍 in the county). The numerators of the 学籍-based rates
    count only these, so numerator and denominator (在籍学生数) count the same pupils; a
    考勤比对 row is a pupil of a school's roll and stays."""
    theirs = column(frame, "origin").map(lambda v: v == ORIGIN_HOUSEHOLD).astype(bool)
    return frame[~theirs]


def roll_suspected_count(suspected: pd.DataFrame) -> int:
    """在籍疑似辍学人数: 疑似 跟踪中 on the 学籍 (core.catalogue.counts.on_roll)."""
    return suspected_count(on_roll(suspected))


def roll_dropout_count(dropout: pd.DataFrame) -> int:
    """在籍辍学人数: 辍学 未返校 on the 学籍 (core.catalogue.counts.on_roll)."""
    return dropout_count(on_roll(dropout))


RATES = (
    ("dropout_rate", "roll_dropout_count", "roster_count"),
    ("possible_rate", "roll_suspected_count", "roster_count"),
    ("return_rate", "resumed_count", "dropout_total"),
    ("closing_rate", "closed_count", "dropout_total"),
    ("visit_coverage", "visited_open_count", "open_count"),
)
"""Each rate as (key, numerator, denominator), in percent: 辍学率 and 可能辍学率 over the
学籍 (their numerators without the 户籍比对 rows), 复学率, 销号率, and 劝返覆盖率 (the rules
issue's: open cases with at least one 劝返 over open cases)."""

VISIT_COVERAGE = RATES[-1]

RATE_TEXTS = {
    "dropout_rate": (
        "实际辍学率(%)",
        "在籍辍学人数（不含户籍比对新增）÷ 在籍学生数 × 100%",
    ),
    "possible_rate": (
        "可能辍学率(%)",
        "在籍疑似辍学人数（不含户籍比对新增）÷ 在籍学生数 × 100%",
    ),
    "return_rate": ("复学率(%)", "已复学人数 ÷ 辍学台账总人数 × 100%"),
    "closing_rate": ("销号率(%)", "已销号人数 ÷ 辍学台账总人数 × 100%"),
    "visit_coverage": (
        "劝返覆盖率(%)",
        "有劝返记录的在案个案数 ÷ 在案个案数（疑似辍学跟踪中 + 辍学未返校）× 100%",
    ),
}
"""Each rate's name and formula as every output prints them (指标说明, the county's 首页)."""
VISIT_COVERAGE_TEXT = RATE_TEXTS["visit_coverage"]

RATE_COUNT_TEXTS = {
    "roll_suspected_count": "在籍疑似辍学人数",
    "roll_dropout_count": "在籍辍学人数",
    "resumed_count": "已复学人数",
    "closed_count": "已销号人数",
    "dropout_total": "辍学台账总人数",
    "open_count": "在案个案数",
    "visited_open_count": "有劝返记录的在案个案数",
}
"""The counts the rates divide that are not among every level's five, by their Chinese names."""

CASE_KEYS = ("resumed_count", "closed_count", "dropout_total")
"""The cumulative dropout counts the rates divide, beside the five counts of every level."""
RATE_COUNT_KEYS = tuple(RATE_COUNT_TEXTS)
"""Every count a rate divides beyond the five of every level, in the order outputs list them."""


def case_counts(dropout: pd.DataFrame) -> dict[str, int]:
    """已复学, 已销号 and the dropout ledger's rows: what return and closing rates divide."""
    return {
        "resumed_count": resumed_count(dropout),
        "closed_count": closed_count(dropout),
        "dropout_total": dropout_total(dropout),
    }


def rate_counts(
    suspected: pd.DataFrame | None, dropout: pd.DataFrame | None, visits: pd.DataFrame | None
) -> dict[str, int]:
    """Every count of RATE_COUNT_KEYS that the ledgers given allow: each 学籍 count with its
    ledger, the case outcomes with the dropout ledger, the open cases with both case ledgers,
    those with a 劝返 with the 劝返记录 too (a level without a ledger leaves its counts out)."""
    out: dict[str, int] = {}
    if suspected is not None:
        out["roll_suspected_count"] = roll_suspected_count(suspected)
    if dropout is not None:
        out["roll_dropout_count"] = roll_dropout_count(dropout)
        out.update(case_counts(dropout))
    if suspected is not None and dropout is not None:
        out["open_count"] = open_count(suspected, dropout)
        if visits is not None:
            out["visited_open_count"] = visited_open_count(suspected, dropout, visits)
    return {k: out[k] for k in RATE_COUNT_KEYS if k in out}


def percent(num: Any, den: Any) -> float | None:
    """num / den in percent, 2 decimals; None without whole counts or a positive base."""
    if not isinstance(num, int) or not isinstance(den, int) or den <= 0:
        return None
    return round(100.0 * num / den, 2)


def rates_text(row: dict[str, Any]) -> str:
    """The rates of a total row in one sentence, each with its two counts (— without a base):
    the 指标 line of the county's and the roll-up's summaries."""
    parts = []
    for key, num, den in RATES:
        value = row.get(key)
        shown = "—" if not isinstance(value, int | float) else f"{value:.2f}%"
        name = RATE_TEXTS[key][0].removesuffix("(%)")
        parts.append(f"{name} {shown}（{row.get(num) or 0}÷{row.get(den) or 0}）")
    return "指标：" + "，".join(parts) + "。"


def add_rates(row: dict[str, Any]) -> dict[str, Any]:
    """Fill a row's rates from its counts (the row itself, for chaining)."""
    for key, num, den in RATES:
        row[key] = percent(row.get(num), row.get(den))
    return row


# --- rates that need history (the case register's) ------------------------------------------
#
# A case's steps are (period YYYY-MM, state, reason) in order, the register's states: dropout,
# resumed, returned, closed, ... (core.register.cases). The rates look at 辍学 cases only: an
# episode counts once it reached the dropout state. A span is a first and last month.

Step = tuple[str, str, Any]
"""One step of a case episode's history: (period, state, reason)."""
DROPOUT_STATE = "dropout"
BACK_STATES = frozenset({"resumed", "returned"})
CLOSED_STATE = "closed"
CLOSING_RESUMED = _code(cl.CLOSING_REASON, "复学")


def dropout_outcome(steps: list[Step], first: str, last: str) -> dict[str, bool] | None:
    """One episode over a span: None when it was no 辍学 case open at the start (the end of the
    month before first) nor became one in the span; else whether it was open at the start, was
    opened in the span, came back to school in the span (已复学/已返校 after 辍学, or 销号 with
    销号原因 复学: a case closed after returning still counts as 复学) and was 销号 in the span."""
    state_before, was_dropout, opened = None, False, False
    back = closed = False
    for period, state, reason in steps:
        if period > last:
            break
        if period < first:
            state_before = state
            was_dropout = was_dropout or state == DROPOUT_STATE
            continue
        if state == DROPOUT_STATE and not was_dropout:
            opened = True
        was_dropout = was_dropout or state == DROPOUT_STATE
        if was_dropout and (
            state in BACK_STATES or (state == CLOSED_STATE and reason == CLOSING_RESUMED)
        ):
            back = True
        if was_dropout and state == CLOSED_STATE:
            closed = True
    open_at_start = state_before == DROPOUT_STATE
    if not (open_at_start or opened):
        return None
    return {"open_at_start": open_at_start, "opened": opened, "resumed": back, "closed": closed}


def history_counts(episodes: list[list[Step]], first: str, last: str) -> dict[str, int]:
    """The 辍学 cases of a span by outcome: open at its start, opened in it, their sum (the
    base of 复学率 and 销号率 over the span), and of these the 复学 and the 销号 in the span."""
    outcomes = [o for steps in episodes if (o := dropout_outcome(steps, first, last)) is not None]
    return {
        "dropout_open_at_start": sum(o["open_at_start"] for o in outcomes),
        "dropout_opened": sum(o["opened"] for o in outcomes),
        "dropout_base": len(outcomes),
        "dropout_resumed": sum(o["resumed"] for o in outcomes),
        "dropout_closed": sum(o["closed"] for o in outcomes),
    }


HISTORY_COUNT_KEYS = (
    "dropout_open_at_start",
    "dropout_opened",
    "dropout_base",
    "dropout_resumed",
    "dropout_closed",
)
"""The counts history_counts returns, in order."""


def new_dropout_count(episodes: list[list[Step]], first: str, last: str) -> int:
    """学年内新增辍学人数: episodes that first reached 辍学 in the span (a pupil's second
    episode counts again only if it reached 辍学 again)."""
    return sum(
        1
        for steps in episodes
        if (o := dropout_outcome(steps, first, last)) is not None and o["opened"]
    )


HISTORY_RATES = (
    ("history_return_rate", "dropout_resumed", "dropout_base"),
    ("history_closing_rate", "dropout_closed", "dropout_base"),
    ("year_dropout_rate", "year_new_dropouts", "year_start_roster"),
)
"""The rates that need the case register, as (key, numerator, denominator), in percent."""

HISTORY_RATE_TEXTS = {
    "history_return_rate": (
        "复学率（按个案）(%)",
        "期内复学的辍学个案数 ÷（期初在案辍学个案数 + 期内新增辍学个案数）× 100%；"
        "复学指已复学（或已返校），或以“复学”为销号原因销号，复学后又销号的仍计为复学",
    ),
    "history_closing_rate": (
        "销号率（按个案）(%)",
        "期内销号的辍学个案数 ÷（期初在案辍学个案数 + 期内新增辍学个案数）× 100%",
    ),
    "year_dropout_rate": (
        "学年辍学率(%)",
        "本学年（9月1日至次年8月31日）截至本月新增的辍学个案数 ÷ 学年初在籍学生数 × 100%；"
        "学年初在籍取登记册中本学年最早一个月的在籍学生数",
    ),
}
"""Each history rate's name and formula as the outputs print them (指标说明)."""


def add_history_rates(row: dict[str, Any]) -> dict[str, Any]:
    """Fill a row's history rates from its counts (the row itself, for chaining)."""
    for key, num, den in HISTORY_RATES:
        row[key] = percent(row.get(num), row.get(den))
    return row
