"""RULES: the one table of every rule the validator runs, in order (nothing registers itself).

A rule is a small function Context -> list[Finding]. Each entry names the codes the rule can
emit, so docs/rules.md and the tests can see which rule checks what.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from core.model.findings import Finding, make_finding
from core.model.ruleset import RULESET_VERSION
from core.rules import (
    attendance,
    cases,
    closing,
    consistency,
    ids,
    lawful,
    structure,
    summary,
    values,
)
from core.rules.base import Context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """One entry of the registry."""

    name: str
    """Stable English name."""
    check: Callable[[Context], list[Finding]]
    """The function."""
    codes: tuple[str, ...]
    """Finding codes it can emit."""
    title: str
    """What it checks, in Chinese (docs/rules.md)."""
    note: str = ""
    """Anything a reader of docs/rules.md must know beyond the catalogue (severity variants)."""


RULES: tuple[Rule, ...] = (
    Rule("missing-sheet", structure.missing_sheet, ("missing-sheet",), "必需的工作表齐全"),
    Rule("missing-column", structure.missing_column, ("missing-column",), "必需的列齐全"),
    Rule("required-missing", values.required_missing, ("required-missing",), "必填单元格不为空"),
    Rule(
        "id-invalid",
        ids.id_invalid,
        ("id-invalid",),
        "身份证件号符合 GB 11643（长度、字符、出生日期、历史行政区划、校验位）",
    ),
    Rule(
        "id-birthdate",
        ids.id_birthdate_mismatch,
        ("id-birthdate-mismatch",),
        "出生日期与身份证件号一致",
    ),
    Rule("id-gender", ids.id_gender_mismatch, ("id-gender-mismatch",), "性别与身份证件号一致"),
    Rule(
        "student-no",
        ids.student_no_mismatch,
        ("student-no-mismatch",),
        "学籍号格式；G 字头学籍号与身份证件号一致；L 字头临时学籍号提示跟进",
        "G 字头学籍号与身份证件号不一致只是警告（身份证号可能变更过）；L 字头临时学籍号只作提示。",
    ),
    Rule(
        "code-invalid",
        values.code_invalid,
        ("code-invalid",),
        "学校标识码、县区代码、区划代码的格式",
        "学校标识码第 3-4 位与县区代码的省份不一致只是警告。",
    ),
    Rule(
        "student-no-birthdate",
        ids.student_no_birthdate,
        ("student-no-birthdate",),
        "J、L 字头学籍号中的出生日期有效，并与出生日期一致",
        "J 字头学籍号是 J + 6 位区划 + 8 位出生日期 + 3 位顺序号 + 校验位，L 字头是 L + 区划 + "
        "出生日期 + 4 位：第 8-15 位不是有效日期、或与出生日期列不一致时报警告。",
    ),
    Rule(
        "school-code-category",
        values.school_code_category,
        ("school-code-category",),
        "学校标识码前两位是义务教育学校的类别代码",
        "学校标识码 = 学校类别（2 位）+ 省代码（2 位）+ 顺序号（6 位）。接受 21 小学、31 普通初中"
        "（九年一贯制学校也用 31）、32 职业初中、34 普通高中（完全中学的初中部）、37 工读学校、"
        "51 特殊教育和 91-93 其他机构；幼儿园、成人学校、中职、高校等类别和未知类别报警告。"
        "县区代码只查 6 位数字和省份，省直辖县级市（如济源 419001、仙桃 429004、石河子 659001）"
        "照常接受。",
    ),
    Rule("phone-invalid", values.phone_invalid, ("phone-invalid",), "电话号码格式"),
    Rule("date-future", values.date_in_future, ("date-invalid",), "已发生的日期不晚于填报月份"),
    Rule("negative-number", values.negative_numbers, ("number-invalid",), "天数和人数不为负"),
    Rule(
        "attendance-numbers",
        attendance.attendance_numbers,
        ("number-invalid",),
        "实出勤 ≤ 应出勤；缺勤 = 应出勤 - 实出勤；最长连续缺勤 ≤ 缺勤",
    ),
    Rule(
        "due-above-calendar",
        attendance.due_above_calendar,
        ("number-invalid", "vacation-absence-overcount"),
        "应出勤天数不超过统计期内的上课日（学期日历内的工作日）",
        "寒暑假中的工作日不是上课日：应出勤天数只在算上假期才够时报“假期计入应出勤”。",
    ),
    Rule(
        "calendar-fallback",
        attendance.calendar_fallback,
        ("calendar-fallback",),
        "节假日日历未覆盖的年份按周一至周五计算",
    ),
    Rule(
        "age",
        attendance.age_out_of_range,
        ("age-out-of-range",),
        "年龄在义务教育年龄段内，并与年级相符",
        "年级按学校的学制读：县区学校名录的“学制”列（六三制、五四制），没有时按学校填报信息的"
        "“学制”，都没有时按策略的学制。五四制下写作初一至初四（或初中一至四年级）的年级是第 6-9"
        " 年级，写作六年级、七年级的按数字；九年一贯制学校同样按其学制。",
    ),
    Rule(
        "approval",
        values.lawful_status_no_approval,
        ("lawful-status-no-approval",),
        "休学、延缓入学有批准文号",
    ),
    Rule(
        "duplicate-student",
        consistency.duplicate_student,
        ("duplicate-student",),
        "同一学生在一张表中只出现一次（重复的每一行都标出；县区台账只保留第一行，人数只计一次）",
    ),
    Rule(
        "not-in-roster",
        consistency.not_in_roster,
        ("not-in-roster",),
        "考勤、台账和劝返记录中的学生都在学籍名册中",
    ),
    Rule(
        "missing-attendance",
        consistency.missing_attendance,
        ("missing-attendance",),
        "学籍名册中的每个学生都有考勤记录",
    ),
    Rule(
        "absence-not-reported",
        consistency.absence_not_reported,
        ("absence-not-reported",),
        "无故连续缺勤达到上报标准的学生已列入疑似辍学或辍学台账",
    ),
    Rule(
        "dropout-attending",
        consistency.dropout_attending,
        ("dropout-attending",),
        "未返校的辍学学生本月没有出勤",
    ),
    Rule(
        "dropout-no-visit",
        consistency.dropout_no_visit,
        ("dropout-no-visit",),
        "未返校的辍学学生本月有劝返记录",
    ),
    Rule(
        "lawful-status-in-ledger",
        consistency.lawful_status_in_ledger,
        ("lawful-status-in-ledger",),
        "送教上门、经批准的休学等不列为疑似辍学或辍学",
    ),
    Rule(
        "lawful-unapproved-absence",
        lawful.lawful_unapproved_absence,
        ("lawful-unapproved-absence",),
        "没有批准文号的休学、延缓入学学生的缺勤照常检查",
        "随班就读、特教学校就读和借读的学生在校上课，缺勤照常检查；休学、延缓入学只有填了"
        "批准文号才按依法缺勤处理。",
    ),
    Rule(
        "suspension-overlong",
        lawful.suspension_overlong,
        ("suspension-overlong",),
        "六年级、九年级在毕业学年的最后一个学期（春季学期）不休学",
        "毕业年级按学校的学制（同年龄规则）：6+3 为六年级和九年级，5+4 为五年级和九年级。"
        "休学的时长上限（约一年、可续一次）目前不检查：学籍名册只有就学状态和批准文号，没有休学起始日期，"
        "一个月的报表看不出休学已有多久（见策略文件 [age] 的说明）。",
    ),
    Rule(
        "home-teaching-no-record",
        lawful.home_teaching_no_record,
        ("home-teaching-no-record",),
        "送教上门的学生本月有送教记录（考勤中实出勤大于 0）",
    ),
    Rule(
        "long-excused-absence",
        lawful.long_excused_absence,
        ("long-excused-absence",),
        "病假、事假连续超过辍学天数的学生办理了休学或核实了去向",
        "连续请假天数按缺勤的同一口径（学期上课日、策略中的辍学天数和是否含本数）；已依法缺勤"
        "（经批准的休学、送教上门等）的学生不报。",
    ),
    Rule(
        "suspected-days-mismatch",
        cases.suspected_days_mismatch,
        ("suspected-days-mismatch",),
        "跟踪中的疑似辍学学生，台账的连续缺勤天数与考勤一致",
        "台账天数少于考勤中的连续缺勤时提示；多于考勤时只在考勤填了连续缺勤起始日期（能算出整段"
        "缺勤）时提示，否则缺勤可能始于上月。",
    ),
    Rule(
        "suspected-no-visit",
        cases.suspected_no_visit,
        ("suspected-no-visit",),
        "上月以前开始缺勤、仍在跟踪的疑似辍学学生有劝返记录",
    ),
    Rule(
        "status-converted-missing",
        cases.status_converted_missing,
        ("status-converted-missing",),
        "状态为“转为辍学”的疑似辍学学生已列入辍学台账",
    ),
    Rule(
        "visit-sequence-invalid",
        cases.visit_sequence_invalid,
        ("visit-sequence-invalid",),
        "同一学生的劝返次序每次一个号，并与劝返日期的先后一致",
    ),
    Rule(
        "poverty-flag-mismatch",
        cases.poverty_flag_mismatch,
        ("poverty-flag-mismatch",),
        "辍学台账的“是否脱贫户”与学籍名册一致",
        "学籍名册的“是否脱贫户”空白按不是脱贫户处理（多数学校只给脱贫户填“是”）；辍学台账"
        "标为脱贫户而名册没有，或名册标为脱贫户而台账不是或没填时报警告。",
    ),
    Rule(
        "suspected-overdue",
        cases.suspected_overdue,
        ("suspected-overdue",),
        "超过辍学天数的疑似辍学：劝返未果的转为辍学，否则仍按疑似跟踪",
        "辍学须同时满足：无故连续缺勤超过策略中的辍学天数，且劝返未果（有劝返记录、没有一次返校）。",
    ),
    Rule(
        "closure-without-evidence",
        closing.closure_without_evidence,
        ("closure-without-evidence",),
        "已销号的辍学学生有销号原因（代码表）、佐证材料和销号日期",
    ),
    Rule(
        "resumed-without-school",
        closing.resumed_without_school,
        ("resumed-without-school",),
        "已复学的辍学学生有复学学校和复学日期",
    ),
    Rule(
        "summary-mismatch",
        summary.summary_mismatch,
        ("summary-mismatch",),
        "月报汇总的各项人数与明细一致",
    ),
    Rule(
        "info-mismatch",
        summary.info_mismatch,
        ("info-mismatch",),
        "填报信息的月份和学校与报表内容一致",
    ),
)

assert len({r.name for r in RULES}) == len(RULES), "duplicate rule name"


def run_rules(ctx: Context, rules: tuple[Rule, ...] = RULES) -> list[Finding]:
    """Every rule's findings; a rule that fails (a bug) becomes a finding, never a crash."""
    out: list[Finding] = []
    for rule in rules:
        try:
            out.extend(rule.check(ctx))
        except Exception as exc:  # a bug in one rule must not hide the file's other problems
            # The traceback's frames only: exception messages may quote pupils' data.
            log.error(
                "rule %s failed: %s\n%s",
                rule.name,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            out.append(make_finding("check-failed", file=ctx.workbook.path, rule=rule.name))
    return out


__all__ = ["RULES", "RULESET_VERSION", "Context", "Rule", "run_rules"]
