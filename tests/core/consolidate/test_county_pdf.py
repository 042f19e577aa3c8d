"""The county workbook printed by LibreOffice (headless) to PDF, as a county office prints it.

Skipped, with the reason, where LibreOffice or poppler is absent; CI installs both (.ci/run).
The county is the generated sample (small, varied by seed); what is checked is read from the
PDF with pdfinfo and pdftotext -bbox: every page A4, the 首页 on one page, the text in Chinese,
and no page's text smaller than 60% of the 首页's body text.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess

import openpyxl
import pytest

from core.consolidate import consolidate
from core.demo import generate_county

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("soffice", "pdfinfo", "pdftotext")),
        reason="LibreOffice (soffice) or poppler-utils (pdfinfo, pdftotext) is not installed",
    ),
]
A4_POINTS = (595, 842)
MARGIN_POINTS = 40
"""Words this close to a page's top or bottom are its header and footer (not scaled)."""
_WORD = re.compile(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("pdf")
    demo = generate_county(root / "县", schools=10, students=40, seed=7)
    book = root / "out" / "县区汇总.xlsx"
    consolidate(
        demo.inbox,
        demo.period,
        book,
        schools=demo.school_list,
        household=demo.household,
        poverty=demo.poverty,
        platform=demo.platform,
        passwords=demo.passwords,
    )
    # A profile of its own: a user's running LibreOffice or its first-start dialogs never interfere.
    env = {**os.environ, "HOME": str(root / "home")}
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(book.parent), str(book)],
        check=True,
        capture_output=True,
        timeout=600,
        env=env,
    )
    pdf = book.with_suffix(".pdf")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True, text=True
    ).stdout
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    title = openpyxl.load_workbook(book, read_only=True)["首页"]["A1"].value
    return {"title": title, "info": info, "pages": _pages(bbox), "charts": _charts(book)}


def _text(ws, rows: range) -> str | None:
    """The first text cell of the rows, in order (None when they hold none)."""
    for r in rows:
        for cell in ws[r + 1]:
            if isinstance(cell.value, str) and cell.value.strip():
                return cell.value.strip()
    return None


def _charts(book) -> list[tuple[str, str, str | None, str | None]]:
    """Every chart of the workbook as (sheet, chart title, the last text printed above its top
    row, the first text printed below its bottom row), from its anchor's rows."""
    out = []
    for ws in openpyxl.load_workbook(book).worksheets:
        for chart in ws._charts:
            anchor = chart.anchor
            title = "".join(r.t for p in chart.title.tx.rich.p for r in p.r or [])
            above = _text(ws, range(anchor._from.row, -1, -1))
            below = _text(ws, range(anchor.to.row + 1, ws.max_row))
            out.append((ws.title, title, above, below))
    return out


def _pages(bbox: str) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (yMin, yMax, text), header and footer left out."""
    out = []
    for page in bbox.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = [(float(a), float(b), t) for a, b, t in _WORD.findall(page)]
        out.append([w for w in words if w[0] > MARGIN_POINTS and w[1] < height - MARGIN_POINTS])
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_chart_lies_whole_on_one_page(printed) -> None:
    """A chart lies whole on a page when its title, the text printed just above its top row
    and the text just below its bottom row are all on that page: a page break through the
    chart's rows would put the text above and the text below on two pages."""
    pages = [_flat("".join(w[2] for w in p)) for p in printed["pages"]]
    assert len(printed["charts"]) == 2
    for sheet, title, above, below in printed["charts"]:
        assert above is not None, (sheet, title)
        assert below is not None, (sheet, title)
        whole = [
            n
            for n, page in enumerate(pages, start=1)
            if all(_flat(t) in page for t in (title, above, below))
        ]
        assert whole != [], (sheet, title, above, below)


def test_every_page_is_a4_and_the_front_page_portrait(printed) -> None:
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", printed["info"])
    assert len(sizes) == len(printed["pages"]) > 2
    shapes = {tuple(sorted(round(float(x)) for x in s)) for s in sizes}
    assert shapes == {A4_POINTS}
    assert tuple(round(float(x)) for x in sizes[0]) == A4_POINTS


def test_the_front_page_is_one_page_in_chinese(printed) -> None:
    first, second = (" ".join(w[2] for w in p) for p in printed["pages"][:2])
    assert re.fullmatch(r"\S+控辍保学月报（\d{4}-\d{2}）", printed["title"])
    assert printed["title"] in first
    # The signature block ends the 首页, so the whole page is on page 1 and nothing spills over.
    assert "单位（盖章）：" in first
    assert "填表人" not in second


def test_no_page_prints_smaller_than_60_percent_of_the_front_pages_text(printed) -> None:
    heights = [statistics.median(w[1] - w[0] for w in p) for p in printed["pages"] if p]
    front = heights[0]
    small = [
        (n, round(h / front, 2)) for n, h in enumerate(heights[1:], start=2) if h < 0.6 * front
    ]
    assert small == []
