"""The county's figures, computed once: 问题清单, 学校汇总 (per school, the county, the total),
findings per severity and per file.

The CLI summary, the JSON, the window, the county workbook and the annotated copies all read the
CountyFigures this module builds, so a count has one definition. Findings are counted by
core.model.findings.severity_counts: every finding listed, an explained query included.
"""

from __future__ import annotations

import datetime as dt

from core.catalogue.counts import RATES, add_rates, rate_counts, rates_text
from core.consolidate import summary
from core.consolidate.inbox import SchoolEntry
from core.consolidate.merge import Ledgers
from core.consolidate.result import (
    ACCEPTED,
    UNREADABLE,
    ConsolidationResult,
    CountyFigures,
    Submission,
)
from core.model.findings import SEVERITY_ORDER, Finding, severity_counts

RESTATED = {"absent-not-in-ledger": "absence-not-reported"}
"""County codes that restate, on the same row, what the school's own check already said."""


def without_restatements(county: list[Finding], subs: list[Submission]) -> list[Finding]:
    """The county's findings less those a file's own finding on the same row already makes."""
    said = {(f.file, f.sheet, f.row, f.code) for s in subs for f in s.findings if f.row is not None}
    return [
        f
        for f in county
        if f.code not in RESTATED or (f.file, f.sheet, f.row, RESTATED[f.code]) not in said
    ]


def listed_findings(result: ConsolidationResult) -> list[Finding]:
    """问题清单: the consolidation's findings, then each accepted or unreadable file's own."""
    seen = {id(f) for f in result.findings}
    own = []
    for sub in result.submissions:
        if sub.status not in (ACCEPTED, UNREADABLE):
            continue
        own += [
            f if f.school_code else f.with_(school_code=sub.school_code)
            for f in sub.findings
            if id(f) not in seen
        ]
    ordered = sorted(result.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    return ordered + own


def file_findings(result: ConsolidationResult, sub: Submission) -> list[Finding]:
    """What a file's annotated copy lists: its own findings, then the county's about it."""
    own = {id(f) for f in sub.findings}
    mine = [f for f in result.findings if f.file == sub.path and id(f) not in own]
    return [*sub.findings, *mine]


def county_figures(
    result: ConsolidationResult,
    ledgers: Ledgers,
    entries: list[SchoolEntry],
    window: tuple[dt.date, dt.date],
    county_code: str | None,
) -> CountyFigures:
    """Every figure of the county's month, from its merged ledgers and findings."""
    findings = listed_findings(result)
    counts = summary.counts_by_school(ledgers, window)
    rows = summary.school_rows(entries, result.accepted, counts, findings)
    rows.append(summary.county_row(entries, counts, findings, county_code))
    rows.append(summary.total_row(rows, county_code))
    files = {s.path: severity_counts(file_findings(result, s)) for s in result.submissions}
    frames = ledgers.frames
    cases = rate_counts(frames.get("suspected"), frames.get("dropout"), frames.get("return-visits"))
    rated = add_rates({**rows[-1], **cases})
    rates = {key: rated[key] for key, _, _ in RATES}
    return CountyFigures(findings=findings, schools=rows, files=files, cases=cases, rates=rates)


def rates_line(figures: CountyFigures) -> str:
    """The county's rates in one sentence, each with its two counts (counts.rates_text)."""
    return rates_text({**figures.total, **figures.cases, **figures.rates})


def figures_lines(result: ConsolidationResult) -> list[str]:
    """全县合计 as 学校汇总 writes it, then the comparisons' cases, the rates and the rows
    merged."""
    t, total = result.totals, result.figures.total
    added = result.figures.schools[-2] if len(result.figures.schools) > 1 else {}
    return [
        f"在籍 {total.get('roster_count', 0)} 人，在校 {total.get('attending_count', 0)} 人，"
        f"疑似辍学 {total.get('suspected_count', 0)} 人，辍学 {total.get('dropout_count', 0)} 人，"
        f"本月返校 {total.get('returned_count', 0)} 人"
        f"（其中县区比对列入台账：疑似辍学 {added.get('suspected_count', 0)} 人，"
        f"辍学 {added.get('dropout_count', 0)} 人）。",
        f"适龄失学（已核实） {t.get('out_of_school', 0)} 人，"
        f"户籍儿童待核实 {t.get('household_unmatched', 0)} 人，"
        f"脱贫户辍学 {t.get('poverty_dropout', 0)} 人。",
        rates_line(result.figures),
        f"合并 {t.get('merged_rows', 0)} 行（各校报表共 {t.get('source_rows', 0)} 行"
        + (
            f"，同一张表重复列出的学生 {t['duplicate_rows']} 行只计一次"
            if t.get("duplicate_rows")
            else ""
        )
        + "）。",
    ]


def register_line(outcome: dict[str, int]) -> str:
    """What the case register made of the month (the "register" object of the consolidate
    JSON), as the CLI's summary and the window's 汇总 page both say it."""
    return (
        f"个案登记册：本月新立案 {outcome['opened']} 件，结案 {outcome['closed']} 件，"
        f"仍在跟踪 {outcome['open']} 件，逐月比对发现问题 {outcome['findings']} 条。"
    )
