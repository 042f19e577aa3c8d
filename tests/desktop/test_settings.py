"""AppSettings: defaults from the policy TOML, persisted as JSON, broken files never crash."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from core.policy import PolicyError, default_policy
from desktop.settings import AppSettings, SettingsStore


def test_defaults_come_from_the_built_in_policy() -> None:
    s = AppSettings()
    p = default_policy()
    assert (s.suspected_days, s.dropout_days, s.age_low, s.age_high, s.cutoff_day) == (
        p.suspected_days,
        p.dropout_days,
        p.age_low,
        p.age_high,
        p.cutoff_day,
    )
    assert s.to_policy().suspected_days == p.suspected_days


def test_every_field_has_a_chinese_title_and_a_group() -> None:
    for f in dataclasses.fields(AppSettings):
        assert f.metadata["title"], f.name
        assert f.metadata["group"], f.name


def test_saved_settings_load_back(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg" / "settings.json")
    store.save(dataclasses.replace(store.settings, suspected_days=8, passwords=["1234"]))
    again = SettingsStore(tmp_path / "cfg" / "settings.json")
    assert (again.settings.suspected_days, again.settings.passwords, again.notice) == (
        8,
        ["1234"],
        None,
    )
    assert not list((tmp_path / "cfg").glob("*.tmp"))


def test_a_broken_file_falls_back_to_defaults_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"suspected_days": 8,', "utf-8")
    store = SettingsStore(path)
    assert store.settings == AppSettings()
    assert store.notice == f"设置文件 {path} 已损坏，已改用默认设置；保存后会覆盖它。"


def test_invalid_entries_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "suspected_days": "七",
                "passwords": ["abc"],
                "age_low": 99,
                "school_days": "weekdays",
                "unknown": 1,
            }
        ),
        "utf-8",
    )
    store = SettingsStore(path)
    assert (
        store.settings.suspected_days,
        store.settings.passwords,
        store.settings.age_low,
        store.settings.school_days,
    ) == (AppSettings().suspected_days, ["abc"], AppSettings().age_low, "weekdays")
    assert store.notice == (
        "设置文件中这些项无效，已改用默认值：疑似辍学：连续无故缺勤天数、义务教育年龄下限（周岁）。"
    )


def test_thresholds_that_contradict_each_other_are_reset(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"suspected_days": 30, "dropout_days": 10, "output_dir": "D:/out"}), "utf-8"
    )
    store = SettingsStore(path)
    assert (
        store.settings.suspected_days,
        store.settings.dropout_days,
        store.settings.output_dir,
    ) == (AppSettings().suspected_days, AppSettings().dropout_days, "D:/out")
    assert store.notice == "设置文件中这些项无效，已改用默认值：策略阈值。"
    with pytest.raises(PolicyError):
        AppSettings(suspected_days=30, dropout_days=10).to_policy()
