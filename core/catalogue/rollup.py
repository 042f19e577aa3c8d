"""Prefecture and province workbooks (地市/省级汇总): one family for both levels.

A prefecture reads county workbooks; a province reads prefecture workbooks (or county ones). The
per-unit sheet has the same columns at every level, so each output is the next level's input.
IDs and 学籍号 are masked in these workbooks unless the user asks otherwise.
"""

# The descriptions write formulas in official notation (division and times signs).
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import replace

from core.catalogue import codelists as cl
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

CLOSED_BLANK = "未填写"
"""The 销号原因 of a 销号 whose reason was left empty."""
CLOSED_BY_REASON = (
    *(col(f"closed_{x.code}", f"销号（{x.label}）", **_n) for x in cl.CLOSING_REASON.codes),
    col("closed_blank", f"销号（{CLOSED_BLANK}原因）", **_n),
)
"""销号 of the month by 销号原因: one column per code of the list, then those without a reason."""
UNIT_CASES = SheetSpec(
    key="rollup.cases",
    kind="unit-cases",
    title="个案汇总",
    columns=(
        c.SEQ,
        UNIT_CODE,
        UNIT_NAME,
        col("cases_open", "月末在跟踪个案数", required=True, **_n),
        col("cases_opened", "本月立案数", **_n),
        col("cases_ended", "本月结案数", **_n),
        col("cases_returned", "其中返校复学数", **_n),
        *CLOSED_BY_REASON,
        col("cases_long_open", "跟踪90天及以上个案数", **_n),
        col("median_open_days", "在跟踪天数中位数", **_r),
        col("ended_share", "本月结案比例(%)", **_r),
        col("source_file", "报送文件", width=24),
    ),
    signature=("unit_code", "cases_open", "cases_ended", "median_open_days"),
    description=(
        "每个县区一行（读自县区汇总的个案台账和销号记录，只有数字，不含姓名和证件号）："
        "月末仍在跟踪的个案、本月立案、本月结案（其中返校复学）、按销号原因的销号数、"
        "跟踪 90 天及以上的个案、"
        "在跟踪个案的跟踪天数中位数和本月结案比例；最后一行为本级合计。"
    ),
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
    sheets=(
        ROLLUP_INFO,
        UNITS,
        cy.COUNTY_SUSPECTED,
        cy.COUNTY_DROPOUT,
        UNIT_CASES,
        METRICS,
        UNIT_FINDINGS,
    ),
    description="地市每学期、省级每学年的汇总：各单位报送情况、指标、（脱敏的）台账和问题清单。",
    notes=(
        "身份证件号和学籍号只保留前 4 位和后 4 位（如 4115**********123X）。",
        "单位汇总的人数按各单位的台账明细计算；与单位自报的汇总数不一致的，见问题清单。",
        "各指标的公式与出处见“指标说明”工作表。",
        "个案汇总只在下级用个案登记册汇总时出现；本级合计行不计中位数（各县区的中位数不能相加）。",
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

# --- roll-ups over a range of months and the province's yearly evaluation ----------------------
# (core/rollup/series.py, core/rollup/evaluation.py; written by core/writers/range_writer.py)

UNIT_LEVEL = col("unit_level", "单位级别", width=8, help="县区、地市")
RANGE_PERIOD = col("period", "统计月份", required=True, width=10)
RANGE_INFO = SheetSpec(
    key="rollup.range_info",
    kind="range-info",
    title="汇总信息",
    layout=Layout.RECORD,
    columns=(
        LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        col("first_period", "起始月份", required=True),
        col("last_period", "截止月份", required=True),
        col("made_on", "汇总日期", V.DATE, required=True),
        col("rules_version", "规则版本", required=True),
        col("units_expected", "应报单位数", V.INTEGER),
        col("months_due", "应报月数", V.INTEGER),
        col("deadline", "评估报送截止日", V.DATE),
        col("masked", "身份证件号已脱敏", V.YES_NO),
    ),
    signature=("level", "unit_code", "first_period", "last_period"),
    description="多月汇总（学期、学年）的基本信息。",
)
SEVERITY_COUNTS = (
    col("errors", "错误数", **_n),
    col("warnings", "警告数", **_n),
    col("queries", "疑问数", **_n),
    col("notes", "提示数", **_n),
)
SERIES = SheetSpec(
    key="rollup.series",
    kind="range-series",
    title="月度序列",
    columns=(
        c.SEQ,
        UNIT_LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        RANGE_PERIOD,
        col("submitted", "是否报送", V.YES_NO, width=8),
        col("on_time", "是否按时", V.YES_NO, width=8),
        col("made_on", "汇总日期", V.DATE, width=12),
        col("schools_expected", "应报学校数", **_n),
        col("schools_received", "已报学校数", **_n),
        *cy.COUNTS,
        *SEVERITY_COUNTS,
    ),
    signature=("unit_code", "period", "submitted", "roster_count"),
    description=(
        "每个单位每月一行：是否报送、是否按时、人数（按该月台账明细计算）和该月汇总工作簿"
        "问题清单的条数；未报送的月份人数为空。"
    ),
)
OUTCOMES = SheetSpec(
    key="rollup.outcomes",
    kind="range-outcomes",
    title="个案成效",
    columns=(
        c.SEQ,
        UNIT_LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        col("case_months", "有个案台账的月数", **_n),
        col("opened", "期间立案数", **_n),
        col("ended", "期间结案数", **_n),
        col("returns", "其中返校复学", **_n),
        col("closed", "其中销号", **_n),
        col("open_end", "期末在跟踪", **_n),
        col("long_open_end", "期末跟踪满90天", **_n),
        col("share_closed", "结案比例(%)", **_r),
        col("median_days", "结案个案跟踪天数中位数", **_r),
    ),
    signature=("unit_code", "opened", "ended", "share_closed"),
    description=(
        "各县区个案登记册（县区汇总的个案台账、销号记录）在期间内的成效：立案、结案、返校复学、"
        "销号、期末在跟踪；结案比例 = 期间结案数 ÷（期间结案数 + 期末在跟踪）× 100%。"
    ),
)
FLAGS = SheetSpec(
    key="rollup.flags",
    kind="range-flags",
    title="关注事项",
    columns=(
        c.SEQ,
        UNIT_CODE,
        UNIT_NAME,
        RANGE_PERIOD,
        col("flag_code", "关注代码", required=True, width=20),
        col("flag", "关注事项", width=14),
        col("why", "原因", required=True, width=48),
    ),
    signature=("flag_code", "why", "unit_code"),
    description="人数变化值得再看一眼的单位和月份，每条写明原因（阈值见策略文件 [rollup_range]）。",
)
REPORTING = SheetSpec(
    key="rollup.reporting",
    kind="range-reporting",
    title="报送情况",
    columns=(
        c.SEQ,
        UNIT_LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        col("months_due", "应报月数", **_n),
        col("months_reported", "已报月数", **_n),
        col("months_on_time", "按时月数", **_n),
        col("months_missing", "缺报月份", width=30),
        col("completeness", "报送完整率(%)", **_r),
        col("timeliness", "按时率(%)", **_r),
        col("school_reports_due", "学校应报次数", **_n),
        col("school_reports", "学校已报次数", **_n),
        col("school_completeness", "学校报送率(%)", **_r),
        col("school_reports_on_time", "学校按时次数", **_n),
        col("school_timeliness", "学校按时率(%)", **_r),
    ),
    signature=("unit_code", "months_due", "months_reported", "months_missing"),
    description=(
        "每级报送的完整和及时：各单位应报、已报、按时的月数和缺报月份；县区还有所辖学校"
        "各月应报、已报、按时次数之和（按时次数只有读县区汇总工作簿时才有）。"
    ),
)
INDICATORS = SheetSpec(
    key="rollup.indicators",
    kind="evaluation-indicators",
    title="评估指标",
    columns=(
        c.SEQ,
        UNIT_LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        col("indicator", "指标", required=True, width=16),
        col("value", "学年数值", V.DECIMAL, width=10),
        col("taken", "取值", width=20),
        col("formula", "计算公式", required=True, width=36),
        col("source", "依据", width=36),
        col("scope", "口径", width=30),
    ),
    signature=("indicator", "taken", "formula", "source"),
    description="每个地市、县区的学年指标：数值、取值方式、公式和出处（同“指标说明”）。",
)
JULY_CHECK = SheetSpec(
    key="rollup.july_check",
    kind="july-check",
    title="七月报送检查",
    columns=(
        c.SEQ,
        UNIT_LEVEL,
        UNIT_CODE,
        UNIT_NAME,
        col("months_missing", "尚未报送的月份", width=30),
        col("deadline", "评估报送截止日", V.DATE, width=12),
        col("days_left", "距截止天数", V.INTEGER, width=8),
        col("verdict", "结论", width=30),
    ),
    signature=("unit_code", "months_missing", "deadline", "verdict"),
    description="截止日前应报的月份中，哪些单位还没有报送；全部报齐的单位不列出。",
)
RANGE = FormFamily(
    key="rollup-range",
    title="多月控辍保学汇总",
    version="2026.1",
    level="prefecture",
    sheets=(RANGE_INFO, SERIES, OUTCOMES, FLAGS, REPORTING, UNIT_FINDINGS),
    description="地市每学期、省级每学年的多月汇总：各单位各月人数、个案成效、值得关注的变化、报送情况。",
    notes=(
        "只含人数，不含任何学生的姓名和身份证件号。",
        "“图表”工作表为每个单位一张折线图，数据取自“月度序列”。",
    ),
)
EVALUATION = FormFamily(
    key="rollup-evaluation",
    title="省级控辍保学学年评估",
    version="2026.1",
    level="province",
    sheets=(RANGE_INFO, INDICATORS, REPORTING, OUTCOMES, JULY_CHECK, SERIES, FLAGS, UNIT_FINDINGS),
    description="省级一学年一评估：各地市、县区的学年指标及公式出处、各级报送完整及时、个案成效、七月截止检查。",
    notes=(
        "只含人数，不含任何学生的姓名和身份证件号。",
        "学年指标的取值方式（学年末、各月之和）见“评估指标”的“取值”列。",
    ),
)
