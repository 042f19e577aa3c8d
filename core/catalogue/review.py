"""The county's quarterly re-check (季度复核) workbook: its forms, read back like any other.

One sheet gives each school's months of the quarter (one row per school and month, so the
three months sit one under the other and filter side by side); the other lists the figures
that deserve a second look, each with why. The thresholds come from the policy ([review]).
"""

from __future__ import annotations

from dataclasses import replace

from core.catalogue import codelists as cl
from core.catalogue import columns as c
from core.catalogue.columns import col, enum
from core.catalogue.schema import FormFamily, SheetSpec
from core.catalogue.schema import ValueType as V

QUARTER = col("quarter", "复核季度", required=True, width=10)
PERIOD = c.MONTH

REVIEW_MONTHS = SheetSpec(
    key="review.months",
    kind="review-months",
    title="季度复核",
    columns=(
        c.SEQ,
        QUARTER,
        c.SCHOOL_CODE,
        PERIOD,
        col("sent", "已报送", V.YES_NO, width=8),
        col("submission_status", "报送状态", width=10),
        col("roster_n", "在籍人数", V.INTEGER, width=10),
        col("attending_n", "在校人数", V.INTEGER, width=10),
        col("suspected_n", "疑似辍学人数", V.INTEGER, width=12),
        col("dropout_n", "辍学人数", V.INTEGER, width=10),
        col("returned_n", "当月返校人数", V.INTEGER, width=12),
        col("opened_n", "当月立案数", V.INTEGER, width=10),
        col("closed_n", "当月结案数", V.INTEGER, width=10),
        col("flags_n", "需复核项数", V.INTEGER, width=10),
    ),
    signature=("quarter", "roster_n", "opened_n", "flags_n"),
    description="县区季度复核：每校每月一行，列出报送、在籍、在校、疑似辍学、辍学、返校和立案结案。",
)

REVIEW_FLAGS = SheetSpec(
    key="review.flags",
    kind="review-flags",
    title="复核关注",
    columns=(
        c.SEQ,
        QUARTER,
        c.SCHOOL_CODE,
        PERIOD,
        col("flag", "关注类型", required=True, width=14),
        col("flag_code", "关注代码", required=True, width=16),
        col("why", "原因", required=True, width=48),
        col("pupil", "个案", width=22),
    ),
    signature=("quarter", "flag_code", "why"),
    description="季度内需要再看一眼的数字：人数突变、在校人数三个月不变、结案后又立案，各附原因。",
)

REVIEW = FormFamily(
    key="county-review",
    title="县区季度复核",
    version="2026.1",
    level="county",
    sheets=(REVIEW_MONTHS, REVIEW_FLAGS),
    description="县区每季度由个案登记册生成：三个月逐校对照，需复核的数字各附原因（一季度一复核）。",
)

FIELD_CHECK = SheetSpec(
    key="field-check.list",
    kind="field-check",
    title="入户核查清单",
    columns=(
        c.SEQ,
        PERIOD,
        c.SCHOOL_CODE,
        replace(c.SCHOOL_NAME, required=False),
        replace(c.HUKOU_REGION, header="户籍地（村）区划代码"),
        replace(c.NAME, required=False),
        replace(c.ID_NUMBER, required=False),
        replace(c.STUDENT_NO, required=False),
        col("case_state", "个案状态", required=True, width=10),
        col("opened", "立案月份", width=10),
        c.ADDRESS,
        c.GUARDIAN,
        c.GUARDIAN_PHONE,
        col("responsible", "包保责任人", width=10),
        col("last_attempt_date", "最近劝返日期", V.DATE, width=12),
        col("last_attempt_by", "最近劝返人", width=10),
        enum("last_attempt_result", "最近劝返结果", cl.VISIT_RESULT, width=14),
        col("check_date", "核查日期", V.DATE, width=12, help="现场填写"),
        col("checker", "核查人", width=10, help="现场填写"),
        enum(
            "check_result",
            "核查结果",
            cl.CHECK_RESULT,
            width=14,
            help="现场填写，从下拉列表选择：在校就读、已返校、辍学（仍未返校）、转学……",
        ),
        col("check_note", "说明", synonyms=("备注", "核查说明"), width=24, help="现场填写"),
    ),
    signature=("case_state", "check_date", "checker", "check_result"),
    description="开学初入户核查：仍在跟踪的每个个案一行，按学校和户籍地（村）排列，末四列现场填写。",
)

FIELD_CHECK_FAMILY = FormFamily(
    key="county-field-check",
    title="入户核查清单",
    version="2026.1",
    level="county",
    sheets=(FIELD_CHECK,),
    description="县区每学期初由个案登记册和当月县区汇总生成，逐校逐户核查（学校全覆盖、学生逐一核）。",
)
