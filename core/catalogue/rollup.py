"""Prefecture and province workbooks (地市/省级汇总): one family for both levels.

A prefecture reads county workbooks; a province reads prefecture workbooks (or county ones). The
per-unit sheet has the same columns at every level, so each output is the next level's input.
IDs and 学籍号 are masked in these workbooks unless the user asks otherwise.
"""

from __future__ import annotations

from dataclasses import replace

from core.catalogue import columns as c
from core.catalogue import county as cy
from core.catalogue import school_monthly as sm
from core.catalogue.columns import col
from core.catalogue.schema import FormFamily, Layout, SheetSpec
from core.catalogue.schema import ValueType as V

LEVEL = col("level", "汇总级别", required=True, help="地市 或 省级")
UNIT_CODE = col(
    "unit_code",
    "单位代码",
    V.REGION_CODE,
    required=True,
    synonyms=("行政区划代码", "区划代码"),
    width=10,
)
UNIT_NAME = col("unit_name", "单位名称", required=True, width=16)

ROLLUP_INFO = SheetSpec(
    key="rollup.info",
    kind="rollup-info",
    title="汇总信息",
    layout=Layout.RECORD,
    columns=(
        LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        sm.PERIOD,
        col("made_on", "汇总日期", V.DATE, required=True),
        col("rules_version", "规则版本", required=True),
        col("units_expected", "应报单位数", V.INTEGER),
        col("units_received", "已报单位数", V.INTEGER),
        col("masked", "身份证件号已脱敏", V.YES_NO),
    ),
    signature=("level", "unit_code", "period"),
    description="本级汇总的基本信息。",
)

_n = {"vtype": V.INTEGER, "width": 10}
_r = {"vtype": V.DECIMAL, "width": 10}
CASE_COUNTS = (
    col("closed_count", "已销号人数", **_n),
    col("resumed_count", "已复学人数", **_n),
    col("dropout_total", "辍学台账总人数", **_n),
    col("roll_suspected_count", "在籍疑似辍学人数", **_n),
    col("roll_dropout_count", "在籍辍学人数", **_n),
    col("open_count", "在案个案数", **_n),
    col("visited_open_count", "有劝返记录的在案个案数", **_n),
)
"""What the rates divide beyond the five counts: case outcomes from the 辍学 ledger (all
statuses), the 学籍 counts (without the 户籍比对 rows) and the open cases with their 劝返."""
RATES = (
    col("dropout_rate", "辍学率(%)", **_r),
    col("possible_rate", "可能辍学率(%)", **_r),
    col("return_rate", "复学率(%)", **_r),
    col("closing_rate", "销号率(%)", **_r),
    col("visit_coverage", "劝返覆盖率(%)", **_r),
)
"""The rates of 指标说明, in percent."""

UNITS = SheetSpec(
    key="rollup.units",
    kind="units",
    title="单位汇总",
    columns=(
        c.SEQ,
        UNIT_CODE,
        UNIT_NAME,
        col("submitted", "是否报送", V.YES_NO, width=8),
        col("schools_expected", "应报学校数", **_n),
        col("schools_received", "已报学校数", **_n),
        *cy.COUNTS,
        *CASE_COUNTS,
        *RATES,
        *cy.KEY_GROUP_COUNTS,
        col("totals_consistent", "汇总数与台账一致", V.YES_NO, width=8),
        col("source_file", "报送文件", width=24),
        col("made_on", "汇总日期", V.DATE, width=12),
    ),
    signature=("unit_code", "unit_name", "roster_count", "dropout_rate"),
    description="每个下级单位一行：报送情况、人数和指标；最后一行为本级合计。",
)

METRICS = SheetSpec(
    key="rollup.metrics",
    kind="metrics",
    title="指标说明",
    columns=(
        col("metric", "指标", required=True, width=16),
        col("formula", "计算公式", required=True, width=40),
        col("source", "依据", width=40),
        col("value", "本级数值", V.DECIMAL, width=10),
        col("scope", "口径", width=30),
    ),
    signature=("metric", "formula", "source"),
    description="每个指标的公式与出处。",
)

UNIT_FINDINGS = SheetSpec(
    key="rollup.findings",
    kind="unit-findings",
    title="问题清单",
    columns=tuple(
        replace(UNIT_CODE, required=False)
        if x.key == "school_code"
        else replace(UNIT_NAME, required=False)
        if x.key == "school_name"
        else x
        for x in cy.FINDINGS.columns
    ),
    signature=("severity", "code", "unit_code", "message"),
    description="跨单位的问题：未报送、汇总数与台账不符、跨县重复、随迁子女辍学、与上期变化大。",
    priority=1,
)

ROLLUP = FormFamily(
    key="rollup",
    title="地市省级控辍保学汇总",
    version="2026.1",
    level="prefecture",
    sheets=(ROLLUP_INFO, UNITS, cy.COUNTY_SUSPECTED, cy.COUNTY_DROPOUT, METRICS, UNIT_FINDINGS),
    description="地市每学期、省级每学年的汇总：各单位报送情况、指标、（脱敏的）台账和问题清单。",
    notes=(
        "身份证件号和学籍号只保留前 4 位和后 4 位（如 4115**********123X）。",
        "单位汇总的人数按各单位的台账明细计算；与单位自报的汇总数不一致的，见问题清单。",
        "各指标的公式与出处见“指标说明”工作表。",
    ),
)

UNIT_LIST = SheetSpec(
    key="rollup.unit_list",
    kind="unit-list",
    title="单位名单",
    columns=(c.SEQ, UNIT_CODE, UNIT_NAME),
    signature=("unit_code", "unit_name"),
    description="本级应报送的下级单位（县区或地市）：6 位行政区划代码和名称。",
    priority=-1,
)
UNIT_LIST_FAMILY = FormFamily(
    key="rollup-unit-list",
    title="应报单位名单",
    version="2026.1",
    level="prefecture",
    sheets=(UNIT_LIST,),
    description="地市或省级维护：用来判断哪些下级单位已报、未报。",
)
