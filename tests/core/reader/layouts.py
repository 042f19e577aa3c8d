# ruff: noqa: RUF001 (schools type full-width brackets)
"""Layouts schools use besides a header row, generated at random (seeded) with their truth.

- a summary given as a vertical list (a label column, the value beside it);
- the info block in a table's title rows ("学校名称：…  填报月份：…" in a merged cell, or label and
  value in neighbouring cells);
- 劝返 columns in the 辍学 ledger when there is no 劝返记录 sheet.

Each generator varies the words (the catalogue's and the dialect corpus's), the positions, the
order, blank rows and merged cells, and returns what a person reads in it: every value with its
Excel cell, and the labels that are not the catalogue's own words (read by their meaning).
Never imported by core.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from dialects import INFO_WORDS
from reader_corpus import ROSTER_HEADER, id_number, pupils

from core.catalogue import codelists as cl
from core.catalogue import fold
from core.catalogue import school_monthly as sm
from core.reader.model import column_letter

# field key -> (base words, unit) of the summary's counts
SUMMARY_WORDS = {
    "roster_count": (["在籍学生数", "在籍人数", "学籍人数", "在籍学生人数"], "人"),
    "attending_count": (["在校学生数", "在校人数", "在校学生人数"], "人"),
    "suspected_count": (["疑似辍学人数", "疑似辍学学生数", "疑似辍学学生人数"], "人"),
    "dropout_count": (["辍学人数", "辍学学生数", "辍学学生人数"], "人"),
    "returned_count": (["返校人数", "复学人数", "返校学生数"], "人"),
    "visit_count": (["劝返次数"], "次"),
}
SUMMARY_MUST = ("roster_count", "suspected_count", "dropout_count")
QUALIFIERS = ["", "", "本月", "本期"]
EXACT_UNITS = ["", "（{}）", "({})"]
"""Units the reader strips before looking a label up: the label stays the catalogue's word."""
OTHER_UNITS = ["〔{}〕"]
VALUE_HEADERS = [None, ("指标", "数值"), ("类别", "数量"), ("项目", "人数")]

VISIT_WORDS = {
    "visit_date": ["劝返日期", "劝返时间", "劝返日期（最近一次）"],
    "method": ["劝返方式"],
    "result": ["劝返结果"],
    "visitor": ["劝返人员", "劝返人"],
    "attempt": ["劝返次数", "第几次"],
    "next_step": ["下一步措施"],
}
LEDGER_HEADER = ["序号", "姓名", "身份证件号", "辍学年月", "辍学原因", "劝返责任人", "状态"]


def catalogue_words(form) -> dict[str, set[str]]:
    """Field key -> the catalogue's own spellings (folded) of a form's columns."""
    return {c.key: {fold(s) for s in (c.header, *c.synonyms)} for c in form.columns}


@dataclass
class Layout:
    """A generated sheet: its rows, merges, and what a person reads in it."""

    name: str
    rows: list[list[object]]
    merges: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    """Field key -> the value as the reader gives it."""
    cells: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Field key -> (Excel row, column letter) of its value cell."""
    assumed: list[tuple[int, str, str, str]] = field(default_factory=list)
    """(Excel row, column letter, label as written, catalogue header) of labels read by meaning."""


def _label(rng: random.Random, key: str, spelled: set[str]) -> tuple[str, bool]:
    words, unit = SUMMARY_WORDS[key]
    base = rng.choice(QUALIFIERS) + rng.choice(words)
    units = rng.choice([EXACT_UNITS, OTHER_UNITS])
    decoration = rng.choice(units).format(unit)
    exact = fold(base) in spelled and units is EXACT_UNITS
    return base + decoration, exact


def summary_list(rng: random.Random) -> Layout:
    """A 月报汇总 written as a list: one count a row, in any order, anywhere on the sheet."""
    spelled = catalogue_words(sm.SUMMARY)
    optional = [k for k in SUMMARY_WORDS if k not in SUMMARY_MUST]
    keys = [*SUMMARY_MUST, *rng.sample(optional, rng.randint(0, len(optional)))]
    rng.shuffle(keys)
    left = rng.randint(0, 2)  # blank columns before the list
    numbered = rng.random() < 0.4  # a 序号 column before the labels
    merged = rng.random() < 0.4  # each label merged across two columns
    label_col = left + numbered
    value_col = label_col + 1 + merged
    layout = Layout("汇总情况", [])
    if rng.random() < 0.5:
        layout.rows.append(["城关镇中心小学控辍保学月报汇总表"])
    heading = rng.choice(VALUE_HEADERS)
    if heading is not None:
        row = [""] * (value_col + 1)
        row[label_col], row[value_col] = heading
        layout.rows.append(row)
    for n, key in enumerate(keys, start=1):
        while rng.random() < 0.25:
            layout.rows.append([])
        label, exact = _label(rng, key, spelled[key])
        value = rng.randint(0, 400)
        row = [""] * (value_col + 1)
        if numbered:
            row[left] = n
        row[label_col], row[value_col] = label, value
        layout.rows.append(row)
        excel_row = len(layout.rows)
        if merged:
            start, end = column_letter(label_col), column_letter(label_col + 1)
            layout.merges.append(f"{start}{excel_row}:{end}{excel_row}")
        layout.values[key] = value
        layout.cells[key] = (excel_row, column_letter(value_col))
        if not exact:
            header = sm.SUMMARY.column(key).header
            layout.assumed.append((excel_row, column_letter(label_col), label, header))
    return layout


SCHOOL = ("城关镇第一小学", "4115250001", ("2026年10月", "2026-10", "2026.10"))
SPACED = {
    "school_name": ["城关镇 第一小学", "城关镇\u3000第一小学"],
    "period": ["2026 年 10 月", "2026 年10月", "2026 - 10", "2026\u3000年\u300010\u3000月"],
}
"""Values clerks type with spaces inside: read whole, never cut at the first space."""
GAPS = ["  ", "\u3000", "    ", "\t", " \u3000 ", "；", "，"]
"""What stands between two "标签：值" pairs of one cell."""
COLONS = ["：", ":", " ：", "： ", " : ", "：\u3000"]
"""A label's colon, with the spaces typed around it."""


def _info_label(rng: random.Random, key: str, spelled: dict[str, set[str]]) -> tuple[str, bool]:
    word = rng.choice(INFO_WORDS[key])
    base = word.split("（")[0]  # a gloss in brackets is stripped before the lookup
    return word, fold(base) in spelled[key]


def titled_roster(rng: random.Random) -> Layout:
    """A 学籍名册 whose title rows carry the school's info: "标签：值" pairs in one merged cell,
    or label and value in neighbouring cells, over one or two rows, in any order."""
    spelled = catalogue_words(sm.INFO)
    name, code, periods = SCHOOL
    spaced = rng.random() < 0.4
    text = {
        "school_name": rng.choice(SPACED["school_name"]) if spaced else name,
        "school_code": code,
        "period": rng.choice(SPACED["period"] if spaced else periods),
    }
    keys = ["school_code", "period", *(["school_name"] if rng.random() < 0.7 else [])]
    rng.shuffle(keys)
    width = len(ROSTER_HEADER)
    layout = Layout("学生名单", [])
    if rng.random() < 0.5:
        layout.rows.append([f"{name}学生学籍花名册"])
        layout.merges.append(f"A1:{column_letter(width - 1)}1")
    split = rng.randint(1, len(keys)) if rng.random() < 0.4 else len(keys)
    for part in (keys[:split], keys[split:]):
        if not part:
            continue
        excel_row = len(layout.rows) + 1
        labels = [(k, *_info_label(rng, k, spelled)) for k in part]
        if rng.random() < 0.5:  # all in one cell, merged across the table
            gap = rng.choice(GAPS)
            pairs = [f"{lab}{rng.choice(COLONS)}{text[k]}" for k, lab, _ in labels]
            layout.rows.append([gap.join(pairs)])
            layout.merges.append(f"A{excel_row}:{column_letter(width - 1)}{excel_row}")
            for k, lab, exact in labels:
                layout.cells[k] = (excel_row, "A")
                if not exact:
                    layout.assumed.append((excel_row, "A", lab, sm.INFO.column(k).header))
        else:  # label, value, a blank cell between pairs
            row: list[object] = []
            for k, lab, exact in labels:
                if not exact:
                    layout.assumed.append(
                        (excel_row, column_letter(len(row)), lab, sm.INFO.column(k).header)
                    )
                row += [lab + rng.choice(["", "：", ":"]), text[k], ""]
                layout.cells[k] = (excel_row, column_letter(len(row) - 2))
            layout.rows.append(row)
    while rng.random() < 0.3:
        layout.rows.append([])
    layout.rows.append(list(ROSTER_HEADER))
    layout.rows += pupils(rng.randint(1, 4))
    # what the reader gives: the text NFKC-normalised (a full-width space is a space), trimmed
    layout.values = {
        k: unicodedata.normalize("NFKC", text[k]) if k != "period" else "2026-10" for k in keys
    }
    return layout


@dataclass
class Ledger:
    """A 辍学台账 with 劝返 columns: its rows and the 劝返 records a person reads in it."""

    name: str
    rows: list[list[object]]
    letters: dict[str, str]
    """劝返记录 key -> column letter (the pupil's columns and the 劝返 columns)."""
    headers: dict[str, str]
    """劝返 key -> header text as written."""
    visits: dict[int, dict[str, object]]
    """Excel row -> 劝返记录 values of that row (attempt 1 when the ledger has no 次序 column)."""
    merges: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    """Header text as a person reads it (a group cell and its sub-header joined) -> letter."""


def ledger_with_visits(rng: random.Random) -> Ledger:
    """A 辍学台账 with the latest 劝返 of each pupil in columns of its own, in any order."""
    keys = ["visit_date", *rng.sample([k for k in VISIT_WORDS if k != "visit_date"], 3)]
    header = [(h, None) for h in LEDGER_HEADER]
    for key in keys:
        header.insert(rng.randint(1, len(header)), (rng.choice(VISIT_WORDS[key]), key))
    rows: list[list[object]] = []
    if rng.random() < 0.5:
        rows.append(["辍学学生台账（一人一案）"])
    rows.append([h for h, _ in header])
    letters = {
        "name": column_letter(next(i for i, (h, _) in enumerate(header) if h == "姓名")),
        "id_number": column_letter(next(i for i, (h, _) in enumerate(header) if h == "身份证件号")),
    }
    letters.update({k: column_letter(i) for i, (_, k) in enumerate(header) if k})
    visits: dict[int, dict[str, object]] = {}
    for n in range(1, rng.randint(2, 6)):
        while rng.random() < 0.2:
            rows.append([])
        visited = rng.random() < 0.7
        pupil = {
            "序号": n,
            "姓名": f"学生{n}",
            "身份证件号": id_number(100 + n),
            "辍学年月": "2026-09",
            "辍学原因": rng.choice(cl.DROPOUT_REASON.labels),
            "劝返责任人": "王老师",
            "状态": "未返校",
        }
        visit = {
            "visit_date": f"2026-10-{rng.randint(10, 28)}",
            "method": rng.choice(cl.MEASURE.labels),
            "result": rng.choice(cl.VISIT_RESULT.labels),
            "visitor": rng.choice(["李老师", "张主任"]),
            "attempt": rng.randint(1, 4),
            "next_step": "继续家访",
        }
        rows.append([(visit[k] if visited else "") if k else pupil[h] for h, k in header])
        if visited:
            visits[len(rows)] = {
                "name": pupil["姓名"],
                "id_number": pupil["身份证件号"],
                **{k: visit[k] for k in keys},
            }
            visits[len(rows)].setdefault("attempt", 1)
            if "visitor" not in keys:  # who went: the ledger's 劝返责任人
                visits[len(rows)]["visitor"] = pupil["劝返责任人"]
    names = {k: h for h, k in header if k}
    if "visitor" not in keys:
        names["visitor"] = "劝返责任人"
        letters["visitor"] = column_letter([h for h, _ in header].index("劝返责任人"))
    return Ledger("辍学", rows, letters, names, visits)


# 劝返 words by field for ledgers that number their attempts; the held-back ones (dialects.py's
# HELD_BACK_VISITS) are in no list the matcher uses: they read by their parts
ATTEMPT_WORDS = {
    "visit_date": ["劝返日期", "劝返时间", "家访日期", "走访时间", "入户日期"],
    "method": ["劝返方式", "劝返措施", "劝返形式", "工作措施", "劝返办法", "帮扶措施"],
    "result": ["劝返结果", "劝返进展", "进展情况", "劝返效果", "劝返成效"],
    "visitor": ["劝返人员", "劝返人", "劝返教师", "家访教师", "走访人", "劝返责任人", "包保人"],
    "next_step": ["下一步措施", "下一步", "后续打算", "下步计划", "后续措施"],
}
SHARED_VISITOR = ["劝返人员", "劝返教师", "走访人员"]
"""An unnumbered column beside the numbered ones: one person for every attempt of the row."""
LEDGER_NEAR_MISSES = ["资助措施", "责任单位", "包保单位", "责任人电话", "劝返地点", "帮扶单位"]
"""Columns of a ledger near the 劝返 words that are no 劝返 field: left as extra columns."""
_CN = "一二三四五六七八九十"


def _numbered(style: str, n: int, word: str) -> str:
    """A header of attempt n in one of the ways schools number attempts."""
    if style == "第N次":
        return f"第{_CN[n - 1]}次{word}"
    if style == "第n次":
        return f"第{n}次{word}"
    if style == "首次":
        return f"{'首' if n == 1 else _CN[n - 1]}次{word}"
    if style == "劝返n":  # the number after the visit word: 劝返1日期
        return f"劝返{n}{word.removeprefix('劝返')}"
    if style == "后缀n":
        return f"{word}{n}"
    return f"{word}（第{_CN[n - 1]}次）"


ORDINAL_STYLES = ["第N次", "第n次", "首次", "劝返n", "后缀n", "括号"]
GROUP_STYLES = {
    "第N次": lambda n: f"第{_CN[n - 1]}次劝返",
    "第n次": lambda n: f"第{n}次劝返",
    "首次": lambda n: f"{'首' if n == 1 else _CN[n - 1]}次劝返",
    "劝返n": lambda n: f"劝返{n}",
}
"""Group cells over an attempt's columns, by numbering style."""
GROUP_WORDS = {
    "visit_date": ["日期", "时间"],
    "method": ["方式", "措施", "形式"],
    "result": ["结果", "进展", "成效"],
    "visitor": ["人员", "教师"],
    "next_step": ["下一步措施", "后续打算"],
}
"""Sub-headers under an attempt's group cell."""


def ledger_with_attempts(rng: random.Random) -> tuple[Ledger, list[tuple[int, dict[str, object]]]]:
    """A 辍学台账 with every 劝返 attempt in numbered columns (第一次劝返日期 | 第一次劝返措施 |
    第二次劝返日期 …), numbered in one of the ways schools do, grouped by attempt or by field,
    attempts left blank for some pupils; near-miss columns beside them.

    Returns the ledger (letters: the pupil's columns; headers: header text -> field key of every
    column read as a 劝返 field) and the records a person reads, in ledger order: (Excel row,
    劝返记录 values as text, None for a blank cell), each with "cells" (key -> A1 reference)."""
    style = rng.choice(ORDINAL_STYLES)
    attempts = rng.randint(2, 4)
    keys = ["visit_date", *rng.sample(["method", "result", "visitor", "next_step"], 2)]
    words: dict[str, str] = {}
    for key in keys:
        words[key] = rng.choice(ATTEMPT_WORDS[key])
    numbered = [(n, k) for n in range(1, attempts + 1) for k in keys]
    # a group cell per attempt (第一次劝返 over 日期 | 措施), merged across its columns
    grouped = style in GROUP_STYLES and rng.random() < 0.4
    if grouped:
        subs = {k: rng.choice(GROUP_WORDS[k]) for k in keys}
        text = {(n, k): f"{GROUP_STYLES[style](n)}{subs[k]}" for n, k in numbered}
    else:
        text = {(n, k): _numbered(style, n, words[k]) for n, k in numbered}
        if rng.random() < 0.5:  # by field: every 日期, then every 方式 …
            numbered.sort(key=lambda item: (keys.index(item[1]), item[0]))
    columns: list[tuple[str, str | None, int | None]] = [(h, None, None) for h in LEDGER_HEADER]
    columns += [(text[(n, k)], k, n) for n, k in numbered]
    shared = None
    # the others: among the ledger's own columns when attempts are grouped, anywhere else
    last = len(LEDGER_HEADER) if grouped else len(columns)
    if "visitor" not in keys and rng.random() < 0.5:
        shared = rng.choice(SHARED_VISITOR)
        columns.insert(rng.randint(len(LEDGER_HEADER) - 2, last), (shared, "visitor", None))
        last += 1
    for miss in rng.sample(LEDGER_NEAR_MISSES, rng.randint(0, 2)):
        columns.insert(rng.randint(1, last), (miss, None, None))
        last += 1
    rows: list[list[object]] = []
    merges: list[str] = []
    if rng.random() < 0.5:
        rows.append(["辍学学生台账（一人一案）"])
    if grouped:
        top, upper, lower = len(rows) + 1, [], []
        for i, (h, k, n) in enumerate(columns):
            first = n is not None and (i == 0 or columns[i - 1][2] != n)
            upper.append(GROUP_STYLES[style](n) if first else None if n else h)
            lower.append(subs[k] if n is not None else None)
            if n is None:
                merges.append(f"{column_letter(i)}{top}:{column_letter(i)}{top + 1}")
            elif first:
                span = sum(1 for _, _, m in columns if m == n)
                merges.append(f"{column_letter(i)}{top}:{column_letter(i + span - 1)}{top}")
        rows += [upper, lower]
    else:
        rows.append([h for h, _, _ in columns])
    letter = {h: column_letter(i) for i, (h, _, _) in enumerate(columns)}
    records: list[tuple[int, dict[str, object]]] = []
    for p in range(1, rng.randint(2, 6)):
        while rng.random() < 0.2:
            rows.append([])
        done = {n for n in range(1, attempts + 1) if rng.random() < 0.6}
        values: dict[tuple[int | None, str], object] = {}
        for n in sorted(done):
            values[(n, "visit_date")] = f"2026-{8 + n:02d}-{rng.randint(10, 28)}"
            for key in keys[1:]:
                if rng.random() < 0.8:
                    values[(n, key)] = _attempt_value(rng, key)
        if shared is not None and done:
            values[(None, "visitor")] = rng.choice(["李老师", "张主任"])
        pupil = {
            "序号": p,
            "姓名": f"学生{p}",
            "身份证件号": id_number(200 + p),
            "辍学年月": "2026-09",
            "辍学原因": rng.choice(cl.DROPOUT_REASON.labels),
            "劝返责任人": "王老师",
            "状态": "未返校",
        }
        rows.append(
            [pupil.get(h, "") if k is None else values.get((n, k), "") for h, k, n in columns]
        )
        excel_row = len(rows)
        for n in sorted(done):
            record: dict[str, object] = {
                "name": pupil["姓名"],
                "id_number": pupil["身份证件号"],
                "attempt": str(n),
            }
            cells = {"name": f"{letter['姓名']}{excel_row}"}
            cells["id_number"] = f"{letter['身份证件号']}{excel_row}"
            for key in keys:
                record[key] = values.get((n, key))
                cells[key] = f"{letter[text[(n, key)]]}{excel_row}"
            if shared is not None:
                record["visitor"] = values.get((None, "visitor"))
                cells["visitor"] = f"{letter[shared]}{excel_row}"
            elif "visitor" not in keys:  # who went: the ledger's 劝返责任人, for every attempt
                record["visitor"] = pupil["劝返责任人"]
                cells["visitor"] = f"{letter['劝返责任人']}{excel_row}"
            records.append((excel_row, {**record, "cells": cells}))
    headers = {h: k for h, k, _ in columns if k is not None}
    if "visitor" not in headers.values():
        headers["劝返责任人"] = "visitor"
    letters = {"name": letter["姓名"], "id_number": letter["身份证件号"]}
    return Ledger("辍学", rows, letters, headers, {}, merges, letter), records


def _attempt_value(rng: random.Random, key: str) -> object:
    return {
        "method": lambda: rng.choice(cl.MEASURE.labels),
        "result": lambda: rng.choice(cl.VISIT_RESULT.labels),
        "visitor": lambda: rng.choice(["李老师", "张主任", "赵书记"]),
        "next_step": lambda: rng.choice(["继续家访", "联系村委"]),
    }[key]()
