"""The county's quarterly re-check (季度复核) workbook: its forms, read back like any other.

One sheet gives each school's months of the quarter (one row per school and month, so the
three months sit one under the other and filter side by side); the other lists the figures
that deserve a second look, each with why. The thresholds come from the policy ([review]).
"""

from __future__ import annotations

from core.catalogue import columns as c
from core.catalogue.columns import col
from core.catalogue.schema import FormFamily, SheetSpec
from core.catalogue.schema import ValueType as V

QUARTER = col("quarter", "复核季度", required=True, width=10)
PERIOD = col("period", "月份", V.MONTH, required=True, width=10)

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
