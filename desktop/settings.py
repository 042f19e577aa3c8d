"""AppSettings: every user setting, declared once (default, title, limits), persisted as JSON."""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.outputs import write_atomic
from core.policy import Policy, PolicyError, default_policy, policy_from_mapping

log = logging.getLogger(__name__)


def _meta(title: str, group: str, description: str = "", **extra: Any) -> dict[str, Any]:
    """Field metadata the settings page is generated from."""
    return {"title": title, "group": group, "description": description, **extra}


def _policy_default(name: str) -> Any:
    # Thresholds default to the built-in policy TOML, never to constants here.
    return lambda: getattr(default_policy(), name)


@dataclass
class AppSettings:
    """The user's settings; the settings page is generated from these fields."""

    suspected_days: int = field(
        default_factory=_policy_default("suspected_days"),
        metadata=_meta(
            "疑似辍学：连续无故缺勤天数",
            "策略",
            "连续无故缺勤达到这么多上课日，应列入疑似辍学台账",
            minimum=1,
            maximum=60,
        ),
    )
    dropout_days: int = field(
        default_factory=_policy_default("dropout_days"),
        metadata=_meta("辍学：连续无故缺勤天数", "策略", minimum=1, maximum=120),
    )
    age_low: int = field(
        default_factory=_policy_default("age_low"),
        metadata=_meta("义务教育年龄下限（周岁）", "策略", minimum=3, maximum=10),
    )
    age_high: int = field(
        default_factory=_policy_default("age_high"),
        metadata=_meta("义务教育年龄上限（周岁）", "策略", minimum=12, maximum=20),
    )
    entry_age: int = field(
        default_factory=_policy_default("entry_age"),
        metadata=_meta(
            "一年级正常入学年龄（周岁）",
            "策略",
            "按此年龄推算各年级的正常年龄，相差过大的学生会被提示",
            minimum=4,
            maximum=9,
        ),
    )
    cutoff_day: int = field(
        default_factory=_policy_default("cutoff_day"),
        metadata=_meta("每月统计截止日", "策略", minimum=1, maximum=31),
    )
    grace_days: int = field(
        default_factory=_policy_default("grace_days"),
        metadata=_meta("截止后仍算按时的天数", "策略", minimum=0, maximum=31),
    )
    school_days: str = field(
        default_factory=_policy_default("school_days"),
        metadata=_meta(
            "上课日计算方式",
            "策略",
            choices={"chinese-calendar": "法定节假日与调休", "weekdays": "周一至周五"},
        ),
    )
    passwords: list[str] = field(
        default_factory=list,
        metadata=_meta(
            "打开受保护文件时尝试的密码", "密码", "每行一个；只保存在本机", kind="lines"
        ),
    )
    inbox_dir: str = field(default="", metadata=_meta("默认收件箱文件夹", "文件夹", kind="folder"))
    reference_dir: str = field(
        default="",
        metadata=_meta("默认名单文件夹（学校名录、户籍、脱贫户）", "文件夹", kind="folder"),
    )
    output_dir: str = field(default="", metadata=_meta("默认输出文件夹", "文件夹", kind="folder"))

    def to_policy(self) -> Policy:
        """The policy these settings describe; raises PolicyError for impossible values."""
        return policy_from_mapping(
            {
                "name": "本机设置",
                "absence": {
                    "suspected_days": self.suspected_days,
                    "dropout_days": self.dropout_days,
                },
                "age": {
                    "low": self.age_low,
                    "high": self.age_high,
                    "entry_age": self.entry_age,
                    "grade_tolerance": default_policy().grade_tolerance,
                },
                "period": {"cutoff_day": self.cutoff_day, "grace_days": self.grace_days},
                "calendar": {"school_days": self.school_days},
            },
            "settings",
        )


def _coerce(f: dataclasses.Field[Any], value: Any) -> Any:
    """The value if it fits the field's declared type and limits; raises ValueError otherwise."""
    meta = f.metadata
    if f.type == "int":
        ok = type(value) is int and meta.get("minimum", value) <= value <= meta.get(
            "maximum", value
        )
    elif f.type == "str":
        ok = isinstance(value, str) and value in meta.get("choices", (value,))
    else:  # list[str]
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not ok:
        raise ValueError(f.name)
    return value


def settings_from_json(data: Any) -> tuple[AppSettings, list[str]]:
    """Settings from parsed JSON; fields that do not fit keep their defaults (titles returned)."""
    if not isinstance(data, dict):
        return AppSettings(), ["整个文件"]
    values, bad = {}, []
    for f in dataclasses.fields(AppSettings):
        if f.name in data:
            try:
                values[f.name] = _coerce(f, data[f.name])
            except ValueError:
                bad.append(f.metadata["title"])
    settings = AppSettings(**values)
    try:
        settings.to_policy()
    except PolicyError:
        keep = {
            k: v
            for k, v in values.items()
            if k in ("passwords", "inbox_dir", "reference_dir", "output_dir")
        }
        return AppSettings(**keep), [*bad, "策略阈值"]
    return settings, bad


class SettingsStore:
    """Loads and saves AppSettings in one JSON file; a broken file never stops the app."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state_path = path.with_name("window.ini")
        """The window's size, splitters and last inputs (written by the window itself)."""
        self.notice: str | None = None
        """Why the file could not be used as it was (shown once in the settings page)."""
        self.settings = self._load()

    def _load(self) -> AppSettings:
        if not self.path.exists():
            return AppSettings()
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("settings file unreadable (%s); using defaults", type(exc).__name__)
            self.notice = f"设置文件 {self.path} 已损坏，已改用默认设置；保存后会覆盖它。"
            return AppSettings()
        settings, bad = settings_from_json(data)
        if bad:
            log.warning("settings file had %d invalid entries; defaults used for them", len(bad))
            self.notice = f"设置文件中这些项无效，已改用默认值：{'、'.join(bad)}。"
        return settings

    def save(self, settings: AppSettings) -> None:
        """Write the settings atomically (core.outputs.write_atomic: OutputError on failure)."""
        text = json.dumps(dataclasses.asdict(settings), ensure_ascii=False, indent=2)
        write_atomic(self.path, lambda tmp: tmp.write_text(text, "utf-8"))
        self.settings = settings
        self.notice = None
        log.info("settings saved")
