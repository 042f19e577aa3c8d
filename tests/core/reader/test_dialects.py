"""The dialect corpus read back: every column to its field, every near-miss left alone."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

from dialects import HELD_BACK, Sheet, attendance, not_a_roll, roster, visits
from reader_corpus import write_xlsx

from core.catalogue import fold
from core.reader import read_workbook
from core.reader.model import SheetTable

BOOKS = 160
CATALOGUE = Path(__file__).parents[3] / "core" / "catalogue"


def _read_fields(table: SheetTable) -> dict[str, str | None]:
    fields: dict[str, str | None] = dict.fromkeys(table.extra_columns)
    fields.update({text: key for key, text in table.headers.items()})
    return fields


def _books(tmp_path: Path, count: int) -> list[tuple[Path, list[Sheet]]]:
    rng = random.Random(20261014)
    books = []
    for n in range(count):
        sheets = [roster(rng), attendance(rng), visits(rng)]
        names = {"学生名单": sheets[0].rows, "出勤": sheets[1].rows, "劝返": sheets[2].rows}
        books.append((write_xlsx(tmp_path / f"dialect{n}.xlsx", names), sheets))
    return books


def test_every_column_of_every_dialect_sheet_is_read_as_its_field(tmp_path):
    wrong = {}
    for path, sheets in _books(tmp_path, BOOKS):
        read = read_workbook(path)
        for sheet in sheets:
            tables = [t for t in read.tables if t.kind == sheet.kind]
            got = _read_fields(tables[0]) if tables else {}
            if got != sheet.truth:
                wrong[f"{path.name} {sheet.kind}"] = (got, sheet.truth)
    assert wrong == {}


def test_no_dialect_sheet_has_an_ambiguous_or_missing_column(tmp_path):
    codes = set()
    for path, _ in _books(tmp_path, 40):
        codes |= {f.code for f in read_workbook(path).findings}
    assert codes - {"header-assumed", "extra-column", "missing-sheet", "missing-column"} == set()


def test_lists_that_are_not_pupil_rolls_are_not_read_as_a_roster(tmp_path):
    rng = random.Random(7)
    kinds = set()
    for n in range(20):
        read = read_workbook(write_xlsx(tmp_path / f"list{n}.xlsx", {"名单": not_a_roll(rng)}))
        kinds |= {t.kind for t in read.tables}
    assert "roster" not in kinds


def test_the_held_back_vocabulary_is_in_no_list_the_matcher_uses():
    sources = "".join(p.read_text(encoding="utf-8") for p in CATALOGUE.glob("*.py"))
    spelled = {sources, unicodedata.normalize("NFKC", sources), fold(sources)}
    found = {piece for piece in HELD_BACK for text in spelled if fold(piece) in fold(text)}
    assert found == set()
