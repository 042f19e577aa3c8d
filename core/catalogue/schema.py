"""The catalogue's building blocks: code lists, columns, sheets and form families, as plain data."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, SupportsIndex


class ValueType(StrEnum):
    """How a column's cells are read and checked."""

    TEXT = "text"
    ID_NUMBER = "id-number"
    STUDENT_NUMBER = "student-number"
    SCHOOL_CODE = "school-code"
    COUNTY_CODE = "county-code"
    REGION_CODE = "region-code"
    DATE = "date"
    MONTH = "month"
    INTEGER = "integer"
    DECIMAL = "decimal"
    ENUM = "enum"
    YES_NO = "yes-no"
    PHONE = "phone"
    GRADE = "grade"


TEXT_TYPES = frozenset(
    {
        ValueType.TEXT,
        ValueType.ID_NUMBER,
        ValueType.STUDENT_NUMBER,
        ValueType.SCHOOL_CODE,
        ValueType.COUNTY_CODE,
        ValueType.REGION_CODE,
        ValueType.PHONE,
    }
)
"""Types stored as text: Excel must never turn them into numbers."""


def fold(text: str) -> str:
    """Normalise a label for matching: NFKC, no spaces, no required marks, lower case."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*＊").lower()  # noqa: RUF001


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code list."""

    code: str
    """The code as the 学籍 system or the form writes it."""
    label: str
    """The Chinese label a paper form writes."""
    aliases: tuple[str, ...] = ()
    """Other spellings real files use."""


_GLOSS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")  # noqa: RUF001
"""A bracketed gloss in a folded value (NFKC made full-width brackets ASCII)."""
_GLOSS_TEXT = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")  # noqa: RUF001
_CODED = re.compile(r"^(\d{1,3})[-_.、:·]?(\D.*)$")
"""A code, then the label: 11-在校就读 (folded: no spaces)."""


@dataclass(frozen=True)
class CodeList:
    """A closed list of values; a cell may hold the code or the label."""

    key: str
    """English key."""
    title: str
    """Chinese name."""
    codes: tuple[Code, ...]
    """The entries, in display order."""
    source: str = ""
    """Where the list comes from (a section of docs/sources.md)."""

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for c in self.codes:
            for spelling in (c.code, c.label, *c.aliases):
                lookup.setdefault(fold(spelling), c.code)
        object.__setattr__(self, "_lookup", lookup)

    def parse(self, raw: str) -> str | None:
        """The code for a raw value given as code, label or alias; None when unknown.

        Two ways forms write a value around its label are read too, when every part names the
        same entry: a gloss in brackets (辍学（仍未返校）, 在校就读(正常)) and the code before the
        label (11-在校就读, 11 在校就读, 11.在校就读). Parts naming two entries (在校（已返校）)
        are unknown, never guessed."""
        key = fold(raw)
        found = self._glossed(key)
        if found is None and (coded := _CODED.match(key)) is not None:
            readings = {self._glossed(coded[1]), self._glossed(coded[2])}
            found = readings.pop() if len(readings) == 1 else None
        return found

    def _glossed(self, key: str) -> str | None:
        """A folded value as written, else its label with a bracketed gloss naming no other
        entry."""
        lookup: dict[str, str] = self._lookup  # type: ignore[attr-defined]
        if (found := lookup.get(key)) is not None or (outer := _GLOSS.sub("", key)) == key:
            return found
        readings = {
            lookup.get(outer),
            *(lookup[g] for g in _GLOSS_TEXT.findall(key) if g in lookup),
        }
        return readings.pop() if len(readings) == 1 else None

    def label(self, code: str) -> str:
        """The label of a code (the code itself when unknown)."""
        for c in self.codes:
            if c.code == code:
                return c.label
        return code

    @property
    def labels(self) -> list[str]:
        """Labels in display order: what a dropdown offers."""
        return [c.label for c in self.codes]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a form."""

    key: str
    """English key used by code."""
    header: str
    """The Chinese header the template writes."""
    type: ValueType = ValueType.TEXT
    """How cells are parsed and checked."""
    required: bool = False
    """Whether an empty cell is an error."""
    synonyms: tuple[str, ...] = ()
    """Other headers real files use for this column."""
    codes: CodeList | None = None
    """The code list of an ENUM column."""
    help: str = ""
    """One line for the template's input hint and 填表说明."""
    width: int = 12
    """Column width in the template, in characters."""

    @property
    def spellings(self) -> tuple[str, ...]:
        """The header and its synonyms."""
        return (self.header, *self.synonyms)


class Layout(StrEnum):
    """How a sheet is laid out."""

    TABLE = "table"
    """A header row, then one record per row."""
    RECORD = "record"
    """Label in one cell, value in the next: one record per sheet (the info sheet)."""


@dataclass(frozen=True)
class SheetSpec:
    """One form: a sheet of a workbook family."""

    key: str
    """English key, e.g. school.roster."""
    kind: str
    """The JSON `kind` of the validate contract (docs/cli.md): roster, attendance, ..."""
    title: str
    """The sheet name the template uses."""
    columns: tuple[ColumnSpec, ...]
    """Columns in template order."""
    signature: tuple[str, ...]
    """Column keys that must all be present for a sheet to be recognised as this form."""
    layout: Layout = Layout.TABLE
    """Table or record."""
    description: str = ""
    """What the sheet is for, for the 填表说明."""
    title_aliases: tuple[str, ...] = ()
    """Sheet names real files use (informative: recognition is by headers)."""
    required: bool = True
    """Whether the workbook must contain this sheet."""
    priority: int = 0
    """Tie-break when two forms match equally well: higher wins."""

    def column(self, key: str) -> ColumnSpec:
        """The column with this key."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.key} has no column {key}")

    @property
    def keys(self) -> list[str]:
        """Column keys in template order."""
        return [c.key for c in self.columns]

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # The catalogue's own forms travel by key (a worker process's results carry one per
        # table): the receiver has the same catalogue, so nothing but the key is pickled.
        from core.catalogue import FORMS_BY_KEY

        if FORMS_BY_KEY.get(self.key) is self:
            return (_catalogue_form, (self.key,))
        return super().__reduce_ex__(protocol)


@dataclass(frozen=True)
class FormFamily:
    """A workbook family: a template distributed as one .xlsx."""

    key: str
    """English key, e.g. school-monthly."""
    title: str
    """Chinese title, also the template's file name."""
    version: str
    """Template version; stored in the workbook's document properties."""
    sheets: tuple[SheetSpec, ...]
    """Its forms, in workbook order."""
    level: str
    """Who fills it: school, county, prefecture, province."""
    description: str = ""
    """What it is for."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Extra lines for the 填表说明 sheet."""

    def sheet(self, kind: str) -> SheetSpec:
        """The form of this family with this kind."""
        for s in self.sheets:
            if s.kind == kind:
                return s
        raise KeyError(f"{self.key} has no sheet of kind {kind}")

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # by key, as SheetSpec: every workbook read carries its family
        from core.catalogue import FAMILIES_BY_KEY

        if FAMILIES_BY_KEY.get(self.key) is self:
            return (_catalogue_family, (self.key,))
        return super().__reduce_ex__(protocol)


def _catalogue_form(key: str) -> SheetSpec:
    """The catalogue's form of this key (how a pickled catalogue form is restored)."""
    from core.catalogue import FORMS_BY_KEY

    return FORMS_BY_KEY[key]


def _catalogue_family(key: str) -> FormFamily:
    """The catalogue's family of this key (how a pickled catalogue family is restored)."""
    from core.catalogue import FAMILIES_BY_KEY

    return FAMILIES_BY_KEY[key]
