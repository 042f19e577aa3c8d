"""指标说明: each metric with its formula, its source and its scope (docs/sources.md §7)."""

# The formulas quote official notation (document brackets, times and plus signs) verbatim.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

from core.catalogue.counts import RATE_COUNT_TEXTS, RATE_TEXTS
from core.rollup.model import MetricRow

_LEDGER = "按各单位报送的台账明细计算（不用单位自报的汇总数）"
# Counts over the case ledgers include the rows the county's comparisons added, as the county's
# 全县合计 does (its 县区核对新增 row), so the scope says so where it matters.
_ADDED = (
    _LEDGER + "；含县区户籍比对、考勤比对发现并列入台账的学生（即县区“学校汇总”的“县区核对新增”行）"
)
_ON_ROLL = _LEDGER + "；在籍学生的个案（学校上报和县区考勤比对列入台账的学生）"
_WINDOW = "本期统计期内（按截止日划分的月度窗口）"

# (metric, key in the total row or None, formula, source, scope)
DEFINITIONS: tuple[tuple[str, str | None, str, str, str], ...] = (
    (
        "在籍学生数",
        "roster_count",
        "适龄儿童台账（学籍名册合并）的行数",
        "学籍名册：义务教育阶段辍学学生保留学籍，计入在籍（各省义务教育学籍管理细则）",
        _LEDGER + "；省级读地市汇总时取地市的单位汇总合计",
    ),
    (
        "在校学生数",
        "attending_count",
        "考勤汇总中本期实出勤天数大于 0 的学生数",
        "学籍与在校比对（四查三比对，教基厅函〔2024〕15号）",
        _LEDGER + "；省级读地市汇总时取地市的单位汇总合计",
    ),
    (
        "疑似辍学人数",
        "suspected_count",
        "疑似辍学台账中状态为“跟踪中”的人数",
        "疑似辍学学生台账（教基厅函〔2024〕15号）",
        _ADDED,
    ),
    (
        "辍学人数",
        "dropout_count",
        "辍学台账中状态为“未返校”的人数",
        "辍学学生台账（教基厅函〔2024〕15号）",
        _ADDED,
    ),
    (
        "本期返校人数",
        "returned_count",
        "疑似辍学台账“已返校”＋辍学台账“已复学”，状态日期在本期统计期内",
        "月报汇总“本月返校人数”的定义",
        _LEDGER + "，" + _WINDOW,
    ),
    (
        "已复学人数",
        "resumed_count",
        "辍学台账中状态为“已复学”的人数（累计）",
        "动态销号（教基厅函〔2024〕15号）",
        _LEDGER,
    ),
    (
        "已销号人数",
        "closed_count",
        "辍学台账中状态为“已销号”的人数（累计）",
        "动态销号（教基厅函〔2024〕15号）",
        _LEDGER,
    ),
    ("辍学台账总人数", "dropout_total", "辍学台账的行数（各状态合计）", "辍学学生台账", _ADDED),
    (
        RATE_COUNT_TEXTS["roll_suspected_count"],
        "roll_suspected_count",
        "疑似辍学台账“跟踪中”的人数，不含县区户籍比对列入台账的儿童（无本县学籍）",
        "学籍与在校比对（四查三比对，教基厅函〔2024〕15号）；比率的分母为学籍在籍人数",
        _ON_ROLL,
    ),
    (
        RATE_COUNT_TEXTS["roll_dropout_count"],
        "roll_dropout_count",
        "辍学台账“未返校”的人数，不含县区户籍比对列入台账的儿童（无本县学籍）",
        "学籍与在校比对（四查三比对，教基厅函〔2024〕15号）；比率的分母为学籍在籍人数",
        _ON_ROLL,
    ),
    (
        RATE_COUNT_TEXTS["open_count"],
        "open_count",
        "疑似辍学台账“跟踪中”＋辍学台账“未返校”的人数",
        "疑似辍学学生台账、辍学学生台账（教基厅函〔2024〕15号）",
        _ADDED,
    ),
    (
        RATE_COUNT_TEXTS["visited_open_count"],
        "visited_open_count",
        "在案个案中，劝返记录里至少有一次劝返的人数（按身份证件号、学籍号或姓名与出生日期对应）",
        "劝返复学工作逐人逐次记录（教基厅函〔2024〕15号）",
        _ADDED + "；省级读地市汇总时取地市的单位汇总合计",
    ),
    (
        RATE_TEXTS["dropout_rate"][0],
        "dropout_rate",
        RATE_TEXTS["dropout_rate"][1],
        "参照册亨县“实际辍学率”口径；比率按学籍在籍学生计算",
        "期末时点率，不是“年辍学率”（学年内辍学人数 ÷ 上学年初在校生数），不可与年度指标直接比较；"
        "分子与分母同为在籍学生",
    ),
    (
        RATE_TEXTS["possible_rate"][0],
        "possible_rate",
        RATE_TEXTS["possible_rate"][1],
        "参照册亨县“可能辍学率”口径；比率按学籍在籍学生计算",
        "期末时点率；分子与分母同为在籍学生",
    ),
    (
        RATE_TEXTS["return_rate"][0],
        "return_rate",
        RATE_TEXTS["return_rate"][1],
        "建议公式：未找到官方公式，教育部只报告绝对数",
        "非官方指标，仅供参考",
    ),
    (
        RATE_TEXTS["closing_rate"][0],
        "closing_rate",
        RATE_TEXTS["closing_rate"][1],
        "建议公式：未找到官方公式",
        "非官方指标，仅供参考",
    ),
    (
        RATE_TEXTS["visit_coverage"][0],
        "visit_coverage",
        RATE_TEXTS["visit_coverage"][1],
        "劝返复学工作逐人逐次记录（教基厅函〔2024〕15号）；未找到官方公式",
        "期末时点率；非官方指标，衡量在案个案是否都有劝返",
    ),
    (
        "九年义务教育巩固率(%)",
        None,
        "初中毕业人数 ÷ 该届小学一年级入学人数（含正常流动）× 100%",
        "县区常用口径（官方表述未找到）",
        "不适用：月报台账没有毕业生数和届入学人数，无法计算",
    ),
)

GROUP_DEFINITION = (
    "疑似辍学台账“跟踪中”与辍学台账“未返校”的学生中，标记为该群体的人数",
    "教基厅函〔2024〕15号 重点群体；各群体按民政、教育部门的定义标记",
)


_GROUP_LABELS = {"disability": "残疾儿童", "unsupported": "事实无人抚养儿童"}


def metric_rows(total: dict[str, Any], group_headers: dict[str, str]) -> list[MetricRow]:
    """The 指标说明 lines, with this level's values."""
    rows = [MetricRow(m, f, s, _value(total, k), scope) for m, k, f, s, scope in DEFINITIONS]
    formula, source = GROUP_DEFINITION
    for key, header in group_headers.items():
        label = _GROUP_LABELS.get(key, header)
        rows.append(MetricRow(f"重点群体：{label}", formula, source, _value(total, key), _ADDED))
    return rows


def _value(total: dict[str, Any], key: str | None) -> float | None:
    if key is None:
        return None
    value = total.get(key)
    return float(value) if isinstance(value, int | float) else None
