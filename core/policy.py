"""Policy: the thresholds that differ by province and county, loaded from TOML (never constants)."""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


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
    """Consecutive unexcused school days that make a case 辍学."""
    age_low: int = 6
    """Lowest full age of the compulsory band."""
    age_high: int = 15
    """Highest full age of the compulsory band."""
    entry_age: int = 6
    """Normal full age in grade 1."""
    grade_tolerance: int = 1
    """Years either side of the normal age before a query."""
    cutoff_day: int = 28
    """Statistical cut-off and due day of each month."""
    grace_days: int = 0
    """Days after the cut-off still counted as on time."""
    school_days: str = "chinese-calendar"
    """"chinese-calendar" or "weekdays"."""
    source: str = "built-in"
    """Where the policy was loaded from."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Problems met while loading (shown as warnings)."""

    def window(self, period: str) -> tuple[dt.date, dt.date]:
        """First and last day of a period (YYYY-MM) under the cut-off rule."""
        year, month = (int(x) for x in period.split("-"))
        end = _clamped(year, month, self.cutoff_day)
        py, pm = (year, month - 1) if month > 1 else (year - 1, 12)
        start = _clamped(py, pm, self.cutoff_day) + dt.timedelta(days=1)
        return start, end

    def due_date(self, period: str) -> dt.date:
        """The last on-time day for a period's report."""
        return self.window(period)[1] + dt.timedelta(days=self.grace_days)


def _clamped(year: int, month: int, day: int) -> dt.date:
    """The day, or the month's last day when the month is shorter (a cut-off of 31)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


_FIELDS = {
    ("absence", "suspected_days"),
    ("absence", "dropout_days"),
    ("age", "low"),
    ("age", "high"),
    ("age", "entry_age"),
    ("age", "grade_tolerance"),
    ("period", "cutoff_day"),
    ("period", "grace_days"),
    ("calendar", "school_days"),
}
_NAMES = {("age", "low"): "age_low", ("age", "high"): "age_high"}


def policy_from_mapping(data: dict[str, Any], source: str) -> Policy:
    """Build a Policy from parsed TOML, checking every value."""
    kwargs: dict[str, Any] = {"name": str(data.get("name", "自定义")), "source": source}
    for section, key in _FIELDS:
        if key in data.get(section, {}):
            kwargs[_NAMES.get((section, key), key)] = data[section][key]
    policy = Policy(**kwargs)
    _check(policy)
    return policy


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
    )
    for name in ints:
        if not isinstance(getattr(p, name), int) or getattr(p, name) < 0:
            raise PolicyError(f"策略中的 {name} 应为非负整数")
    if not 1 <= p.suspected_days <= p.dropout_days:
        raise PolicyError("疑似辍学天数应至少为 1，且不大于辍学天数")
    if not p.age_low <= p.age_high:
        raise PolicyError("年龄下限不能大于上限")
    if not 1 <= p.cutoff_day <= 31:
        raise PolicyError("统计截止日应在 1-31 之间")
    if p.school_days not in ("chinese-calendar", "weekdays"):
        raise PolicyError("上课日计算方式应为 chinese-calendar 或 weekdays")


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
