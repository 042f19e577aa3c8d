"""The registry: every rule listed once, every code in the catalogue, failures contained."""

from __future__ import annotations

from core.model.finding_types import FINDING_TYPES
from core.rules import RULES, Rule, run_rules
from tests.core.rules.rule_tables import context, described, school


def test_every_rule_emits_only_catalogued_codes() -> None:
    assert {c for r in RULES for c in r.codes} <= FINDING_TYPES.keys()


def test_a_clean_school_has_no_findings() -> None:
    assert run_rules(context(school())) == []


def test_a_failing_rule_becomes_a_finding_and_the_others_still_run() -> None:
    def broken(ctx: object) -> list:
        raise ZeroDivisionError

    rules = (Rule("broken", broken, (), "坏"), *RULES)
    wb = school()
    wb.table("roster").data.at[3, "name"] = None
    wb.table("roster").raw.at[3, "name"] = None
    assert described(run_rules(context(wb), rules)) == [
        ("check-failed", "warning", None, None, None, "检查“broken”在本文件上出错，这一项没有检查"),
        ("required-missing", "error", "学籍名册", 3, "C", "姓名不能为空"),
    ]
