"""Policy: the thresholds that differ by province and county, loaded from TOML (never constants)."""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from core.calendar import SchoolDays, Terms, school_days

USUAL_TERMS = (("08-25", "01-20"), ("02-10", "07-10"))
"""The default policy's terms (default_policy.toml gives the reason), for a file naming none."""


class PolicyError(ValueError):
    """The policy file is missing, malformed or has impossible values."""


@dataclass(frozen=True)
class Policy:
    """The thresholds one county applies. Plain data, passed into every rule that needs it."""

    name: str = "默认"
    """Shown in reports so a reader knows which thresholds were used."""
    suspected_days: int = 5
    """Consecutive unexcused school days that make a pupil 疑似辍学."""
    dropout_days: int = 20
    """Consecutive unexcused school days that make a case 辍学 (once 劝返 has failed)."""
    absence_inclusive: bool = True
    """Whether a run of exactly the threshold's days reaches it ("达到") or must exceed it."""
    absence_unit: str = "school-days"
    """What an absence run is counted in: "school-days" (term workdays) or "calendar-days"."""
    age_low: int = 6
    """Lowest full age of the compulsory band."""
    age_high: int = 15
    """Highest full age of the compulsory band."""
    entry_age: int = 6
    """Normal full age in grade 1, reached by the entry cut-off of the year of entry."""
    entry_cutoff: str = "08-31"
    """MM-DD by which a child must have reached entry_age to enter that autumn; the school
    year starts the day after it."""
    compulsory_years: int = 9
    """Years of compulsory schooling: the cohorts of school age."""
    grade_tolerance: int = 1
    """Years either side of the normal age before a query."""
    school_system: str = "6+3"
    """学制: "6+3" (小学 6 years, 初中 3) or "5+4" (小学 5, 初中 4): under 5+4 初一 is grade 6."""
    cutoff_day: int = 28
    """Statistical cut-off and due day of each month."""
    grace_days: int = 0
    """Days after the cut-off still counted as on time."""
    platform_answer_days: int = 30
    """Days after its 推送日期 within which a pupil the platform pushed must have a 核实结果;
    past them, the next month's consolidation with the register reports platform-unanswered."""
    school_days: str = "chinese-calendar"
    """"chinese-calendar" or "weekdays"."""
    terms: Terms = Terms(usual=USUAL_TERMS)  # noqa: RUF009 - a frozen, hashable value
    """The term calendar: school days are workdays inside a term."""
    review_jump_share: float = 0.1
    """Quarterly re-check: a month-to-month change of a school's count by more than this share
    of the earlier month (and by at least review_jump_min pupils) is flagged."""
    review_jump_min: int = 5
    """Quarterly re-check: the fewest pupils a change must move to count as a jump."""
    review_flat_min: int = 50
    """Quarterly re-check: 在校 identical in every month of the quarter is flagged for a school
    of at least this many pupils on the roll (a real school's attendance moves)."""
    range_jump_share: float = 0.1
    """Range roll-up: a unit's count that changes from one month to the next by more than this
    share of the earlier month (and by at least range_jump_min pupils) is flagged."""
    range_jump_min: int = 10
    """Range roll-up: the fewest pupils a unit's change must move to count as a jump."""
    range_flat_months: int = 3
    """Range roll-up: 在校 identical in this many consecutive reported months is flagged."""
    range_flat_min: int = 50
    """Range roll-up: ... for a unit of at least this many pupils on the roll."""
    range_return_share: float = 1.0
    """Range roll-up: a month's 返校 above this share of the previous month's 疑似辍学 + 辍学
    (more pupils back than were being tracked) is flagged."""
    range_county_days: int = 5
    """Days after the schools' due date by which a county's month workbook is on time."""
    range_prefecture_days: int = 10
    """Days after the schools' due date by which a prefecture's month workbook is on time."""
    evaluation_deadline: str = "07-31"
    """MM-DD by which the province reports the school year's evaluation (一学年一评估)."""
    source: str = "built-in"
    """Where the policy was loaded from."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Problems met while loading (shown as warnings)."""

    @property
    def primary_years(self) -> int:
        """Years of 小学 under the policy's 学制 (6 under 6+3, 5 under 5+4)."""
        return int(self.school_system.split("+")[0])

    @property
    def graduating_grades(self) -> frozenset[str]:
        """Grades (codes 1-9) whose spring term ends a stage: the last of 小学 and of 初中."""
        return frozenset({str(self.primary_years), "9"})

    def window(self, period: str) -> tuple[dt.date, dt.date]:
        """First and last day of a period (YYYY-MM) under the cut-off rule."""
        year, month = (int(x) for x in period.split("-"))
        end = _clamped(year, month, self.cutoff_day)
        py, pm = (year, month - 1) if month > 1 else (year - 1, 12)
        start = _clamped(py, pm, self.cutoff_day) + dt.timedelta(days=1)
        return start, end

    def school_year(self, period: str) -> tuple[dt.date, dt.date]:
        """First and last day of the school year a period (YYYY-MM) falls in."""
        month, day = (int(x) for x in self.entry_cutoff.split("-"))
        end_of = _clamped(int(period[:4]), month, day)
        window_end = self.window(period)[1]
        if window_end <= end_of:
            end_of = _clamped(end_of.year - 1, month, day)
        return end_of + dt.timedelta(days=1), _clamped(end_of.year + 1, month, day)

    def entry_age_of(self, birth: dt.date, period: str) -> int:
        """Full age on the entry cut-off that began the period's school year."""
        on = self.school_year(period)[0] - dt.timedelta(days=1)
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

    def of_school_age(self, birth: dt.date, period: str) -> bool:
        """In one of the compulsory cohorts: due by the entry cut-off, cohort not yet graduated."""
        age = self.entry_age_of(birth, period)
        return self.entry_age <= age < self.entry_age + self.compulsory_years

    def school_days_in(self, start: dt.date, end: dt.date) -> SchoolDays:
        """The school days from start to end inclusive under this policy's calendar."""
        return school_days(start, end, self.school_days, self.terms)

    def absence_days(self, start: dt.date, end: dt.date) -> int:
        """Days of an absence run from start to end inclusive, in the policy's unit."""
        if start > end:
            return 0
        if self.absence_unit == "calendar-days":
            return (end - start).days + 1
        return len(self.school_days_in(start, end).days)

    def past(self, days: float, threshold: int) -> bool:
        """Whether an absence of so many days passes a threshold, inclusive or not."""
        return days >= threshold if self.absence_inclusive else days > threshold

    def due_date(self, period: str) -> dt.date:
        """The last on-time day for a period's report."""
        return self.window(period)[1] + dt.timedelta(days=self.grace_days)


SCHOOL_SYSTEMS = ("6+3", "5+4")
"""The 学制 a policy may name."""


def _clamped(year: int, month: int, day: int) -> dt.date:
    """The day, or the month's last day when the month is shorter (a cut-off of 31)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


_FIELDS = {
    ("absence", "suspected_days"),
    ("absence", "dropout_days"),
    ("absence", "inclusive"),
    ("absence", "unit"),
    ("age", "low"),
    ("age", "high"),
    ("age", "entry_age"),
    ("age", "grade_tolerance"),
    ("age", "entry_cutoff"),
    ("age", "compulsory_years"),
    ("age", "school_system"),
    ("period", "cutoff_day"),
    ("period", "grace_days"),
    ("platform", "answer_days"),
    ("calendar", "school_days"),
    ("review", "jump_share"),
    ("review", "jump_min"),
    ("review", "flat_min"),
    ("rollup_range", "jump_share"),
    ("rollup_range", "jump_min"),
    ("rollup_range", "flat_months"),
    ("rollup_range", "flat_min"),
    ("rollup_range", "return_share"),
    ("rollup_range", "county_days"),
    ("rollup_range", "prefecture_days"),
    ("rollup_range", "evaluation_deadline"),
}
_NAMES = {
    ("age", "low"): "age_low",
    ("platform", "answer_days"): "platform_answer_days",
    ("age", "high"): "age_high",
    ("absence", "inclusive"): "absence_inclusive",
    ("absence", "unit"): "absence_unit",
    ("review", "jump_share"): "review_jump_share",
    ("review", "jump_min"): "review_jump_min",
    ("review", "flat_min"): "review_flat_min",
    ("rollup_range", "evaluation_deadline"): "evaluation_deadline",
    **{
        ("rollup_range", k): f"range_{k}"
        for k in (
            "jump_share",
            "jump_min",
            "flat_months",
            "flat_min",
            "return_share",
            "county_days",
            "prefecture_days",
        )
    },
}


def policy_from_mapping(data: dict[str, Any], source: str) -> Policy:
    """Build a Policy from parsed TOML, checking every value."""
    kwargs: dict[str, Any] = {"name": str(data.get("name", "自定义")), "source": source}
    for section, key in _FIELDS:
        if key in data.get(section, {}):
            kwargs[_NAMES.get((section, key), key)] = data[section][key]
    policy = Policy(**kwargs)
    _check(policy)
    return replace(policy, terms=_terms(data.get("calendar", {}), policy.entry_cutoff))


def _terms(section: dict[str, Any], entry_cutoff: str) -> Terms:
    """The term calendar of the [calendar] section, every date checked."""
    try:
        usual = tuple((str(a), str(b)) for a, b in section.get("terms", USUAL_TERMS))
        exact = tuple((t["start"], t["end"]) for t in section.get("term", ()))
        holidays = frozenset(section.get("holidays", ()))
    except (TypeError, ValueError, KeyError) as exc:
        raise PolicyError('学期日历格式不对：terms 为 ["MM-DD", "MM-DD"] 的列表') from exc
    if not all(_month_day(d) for pair in usual for d in pair):
        raise PolicyError("学期日历 terms 中的日期应为 MM-DD（如 09-01）")
    dates = [d for pair in exact for d in pair] + list(holidays)
    if not all(isinstance(d, dt.date) for d in dates) or any(a > b for a, b in exact):
        raise PolicyError("学期 term 的 start、end 和 holidays 应为日期，且开始不晚于结束")
    month, day = (int(x) for x in entry_cutoff.split("-"))
    start = dt.date(2001, month, day) + dt.timedelta(days=1)
    return Terms(usual, exact, holidays, f"{start:%m-%d}")


def _check(p: Policy) -> None:
    ints = (
        "suspected_days",
        "dropout_days",
        "age_low",
        "age_high",
        "entry_age",
        "grade_tolerance",
        "cutoff_day",
        "grace_days",
        "platform_answer_days",
        "compulsory_years",
        "review_jump_min",
        "review_flat_min",
        "range_jump_min",
        "range_flat_min",
        "range_county_days",
        "range_prefecture_days",
    )
    for name in ints:
        if not isinstance(getattr(p, name), int) or getattr(p, name) < 0:
            raise PolicyError(f"策略中的 {name} 应为非负整数")
    if not 1 <= p.suspected_days <= p.dropout_days:
        raise PolicyError("疑似辍学天数应至少为 1，且不大于辍学天数")
    if not isinstance(p.absence_inclusive, bool):
        raise PolicyError("absence 中的 inclusive 应为 true 或 false")
    if p.absence_unit not in ("school-days", "calendar-days"):
        raise PolicyError("absence 中的 unit 应为 school-days 或 calendar-days")
    share = p.review_jump_share
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 10:
        raise PolicyError("review 中的 jump_share 应为大于 0 的比例（如 0.1 表示 10%）")
    for name in ("range_jump_share", "range_return_share"):
        share = getattr(p, name)
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 10:
            raise PolicyError(f"rollup_range 中的 {name.removeprefix('range_')} 应为大于 0 的比例")
    months = p.range_flat_months
    if isinstance(months, bool) or not isinstance(months, int) or months < 2:
        raise PolicyError("rollup_range 中的 flat_months 应为不小于 2 的整数")
    if not _month_day(p.evaluation_deadline):
        raise PolicyError("rollup_range 中的 evaluation_deadline 应为 MM-DD（如 07-31）")
    if not p.age_low <= p.age_high:
        raise PolicyError("年龄下限不能大于上限")
    if p.school_system not in SCHOOL_SYSTEMS:
        raise PolicyError('学制 school_system 应为 "6+3" 或 "5+4"')
    if not _month_day(p.entry_cutoff):
        raise PolicyError("入学年龄截止日 entry_cutoff 应为 MM-DD（如 08-31）")
    if not 1 <= p.cutoff_day <= 31:
        raise PolicyError("统计截止日应在 1-31 之间")
    if p.school_days not in ("chinese-calendar", "weekdays"):
        raise PolicyError("上课日计算方式应为 chinese-calendar 或 weekdays")


def _month_day(text: object) -> bool:
    try:
        dt.datetime.strptime(f"2000-{text}", "%Y-%m-%d")  # a leap year admits 02-29
    except (TypeError, ValueError):
        return False
    return True


DEFAULT_POLICY_TEXT = resources.files("core").joinpath("default_policy.toml").read_text("utf-8")


# Safe process-wide: the one built-in policy, a frozen dataclass.
@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The built-in policy, with its sources in default_policy.toml."""
    return policy_from_mapping(tomllib.loads(DEFAULT_POLICY_TEXT), "built-in")


def load_policy(path: str | Path | None) -> Policy:
    """The policy in a TOML file, or the default when path is None."""
    if path is None:
        return default_policy()
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise PolicyError(f"无法读取策略文件 {path}：{exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"策略文件 {path} 格式错误：{exc}") from exc
    return policy_from_mapping(data, str(path))
