"""docs/rules.md: the rule catalogue a clerk reads to look up a code, generated from the code."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Protocol

from core.model.finding_types import FINDING_TYPES
from core.model.findings import SEVERITY_LABELS, FindingType
from core.model.ruleset import RULESET_VERSION
from core.outputs import write_atomic
from core.policy import Policy, default_policy

READER_CODES = frozenset(
    {
        "unreadable-file",
        "encrypted-file",
        "unknown-form",
        "unrecognised-sheet",
        "extra-column",
        "hidden-content",
        "date-invalid",
        "number-invalid",
        "enum-invalid",
        "id-stored-as-number",
    }
)
"""Codes the reader emits while reading."""
VALIDATOR_CODES = frozenset({"findings-truncated", "check-failed"})
SCOPES = {
    "workbook": "整个文件",
    "sheet": "工作表",
    "row": "行",
    "cell": "单元格",
    "cross-file": "跨文件（县区汇总）",
}
POLICY_LABELS = {
    "suspected_days": "无故连续缺勤多少个上课日须列入疑似辍学台账",
    "dropout_days": "无故连续缺勤多少个上课日、且劝返未果视为辍学",
    "absence_inclusive": "缺勤天数等于标准时是否算达到（否则须超过）",
    "absence_unit": "连续缺勤的计数单位（上课日或自然日）",
    "age_low": "义务教育年龄段下限（周岁）",
    "age_high": "义务教育年龄段上限（周岁）",
    "entry_age": "一年级的正常入学年龄（周岁）",
    "grade_tolerance": "年龄与年级相差多少岁以内不提示",
    "entry_cutoff": "入学年龄的截止日（当年此日前年满入学年龄的入学；学年从次日开始）",
    "compulsory_years": "义务教育年限（适龄的年级届数）",
    "school_system": (
        "学制：6+3（小学六年、初中三年）或 5+4（5+4 下初一是第 6 年级，五年级毕业）；"
        "学校名录或学校填报信息写明学制的学校按其学制"
    ),
    "cutoff_day": "每月统计截止日",
    "grace_days": "截止日后仍算按时报送的天数",
    "school_days": "上课日的计算方式",
}


class DocumentedRule(Protocol):
    """What the document says about a rule (core.rules.Rule has it)."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def codes(self) -> Collection[str]: ...
    @property
    def note(self) -> str: ...


def _checked_by(code: str, ftype: FindingType, rules: Sequence[DocumentedRule]) -> str:
    parts = [f"规则 `{r.name}`（{r.title}）" for r in rules if code in r.codes]
    if code in READER_CODES:
        parts.insert(0, "读取文件时")
    if code in VALIDATOR_CODES:
        parts.append("校验汇总时")
    if not parts and ftype.scope == "cross-file":
        parts.append("县区汇总或上报汇总时")
    return "；".join(parts) or "—"


def _code_section(code: str, ftype: FindingType, rules: Sequence[DocumentedRule]) -> list[str]:
    lines = [
        f"### `{code}` {ftype.title}",
        "",
        f"- 严重程度：{SEVERITY_LABELS[ftype.severity]}（{ftype.severity}）",
        f"- 范围：{SCOPES.get(ftype.scope, ftype.scope)}",
        f"- 检查：{_checked_by(code, ftype, rules)}",
        "- 提示信息：",
    ]
    for variant, template in ftype.messages.items():
        lines.append(f"  - {variant or '默认'}：{template}")
    lines.append(f"- 改正方法：{ftype.hint}")
    lines += [f"- 注意：{r.note}" for r in rules if code in r.codes and r.note]
    lines.append("")
    return lines


def _policy_section(policy: Policy) -> list[str]:
    lines = [
        "## 阈值（策略文件）",
        "",
        "下列数值来自策略文件（`--policy FILE`，默认见 core/default_policy.toml），"
        "不写死在规则里：",
        "",
        "| 设置 | 含义 | 默认值 |",
        "| --- | --- | --- |",
    ]
    for f in fields(policy):
        if f.name in POLICY_LABELS:
            lines.append(f"| `{f.name}` | {POLICY_LABELS[f.name]} | {getattr(policy, f.name)} |")
    return [*lines, ""]


def render_rules_doc(rules: Sequence[DocumentedRule]) -> str:
    """The whole Markdown document for these rules (the validator's are core.rules.RULES)."""
    lines = [
        "# SchoolRoll 规则目录",
        "",
        "> 由 `schoolroll rules --out docs/rules.md` 生成，请勿手工修改。"
        f"规则版本 {RULESET_VERSION}。",
        "",
        "严重程度：**错误**必须改正；**警告**会显示，但不影响报表通过；**疑问**是不常见但可能"
        "正确的情况，改正或在该行的“说明”列写明原因即可（已说明的疑问不再算未处理）；"
        "**提示**只是说明，不是问题。",
        "",
        "也可以在工作簿里加一个名为“说明”的工作表，列出“问题代码、工作表、行号、说明”四列，"
        "按问题代码和行号解释疑问。说明会随报表报送上级。",
        "",
        "## 问题代码一览",
        "",
        "| 代码 | 严重程度 | 名称 | 范围 |",
        "| --- | --- | --- | --- |",
    ]
    for code, t in FINDING_TYPES.items():
        lines.append(
            f"| `{code}` | {SEVERITY_LABELS[t.severity]} | {t.title} | "
            f"{SCOPES.get(t.scope, t.scope)} |"
        )
    lines += ["", "## 各代码详解", ""]
    for code, t in FINDING_TYPES.items():
        lines += _code_section(code, t, rules)
    lines += _policy_section(default_policy())
    return "\n".join(lines)


def write_rules_doc(path: Path, rules: Sequence[DocumentedRule]) -> Path:
    """Write the document (core.outputs.write_atomic: OutputError, in Chinese, on failure)."""
    text = render_rules_doc(rules)
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
