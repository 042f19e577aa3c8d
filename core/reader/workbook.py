"""read_workbook: one file or zip member in, a WorkbookRead out; bad input never raises."""

from __future__ import annotations

import io
import logging
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from python_calamine import (
    CalamineSheet,
    CalamineWorkbook,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from core.catalogue import FAMILIES, FormFamily
from core.catalogue.county import FRONT_PAGE
from core.mapping import NO_MAPPING, Mapping
from core.model.findings import Finding, make_finding
from core.progress import Progress
from core.reader import hidden_rows as hidden
from core.reader.failures import is_failure, logged_reason, plain_reason
from core.reader.formats import ET_KIND, Opened, open_bytes
from core.reader.headers import HEADER_SEARCH_ROWS, find_header
from core.reader.model import RecordSheet, SheetTable, WorkbookRead
from core.reader.notes import is_note_sheet, parse_note_rows
from core.reader.records import RECORD_FORMS, Pair, match_records, title_pairs, title_text
from core.reader.sheet_record import build_record
from core.reader.sources import MAX_UNPACKED, Source, TooLargeError
from core.reader.tables import build_table, fill_merged, select_rows
from core.reader.visits import visits_from_ledger

log = logging.getLogger(__name__)
AHEAD = 16
"""Files parsed ahead of their interpretation, at most,"""
AHEAD_BYTES = 16 << 20
"""and at most this many bytes of them on disk (a big roster takes ten times its file's size
once parsed); one file is always read ahead, however big."""
_EXTENSIONS = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "xls": (".xls",), "ods": (".ods",)}
"""Extensions calamine opens as each format."""
INSTRUCTION_SHEETS = frozenset({"填表说明", FRONT_PAGE})
"""Sheets that explain or present a form (a template's 填表说明, the county workbook's 首页):
never data, never reported."""


def _as_source(source: Source | str | Path) -> Source:
    return source if isinstance(source, Source) else Source.from_path(source)


@dataclass
class _RawSheet:
    """One worksheet as calamine parsed it (still Rust data), before any interpretation."""

    name: str
    hidden: bool
    sheet: CalamineSheet
    hidden_rows: tuple[int, ...]


@dataclass
class _PySheet:
    """A parsed worksheet converted to Python values."""

    name: str
    hidden: bool
    rows: list[list[Any]]
    origin: tuple[int, int]
    merges: list[Any]
    hidden_rows: tuple[int, ...]


def read_workbook(
    source: Source | str | Path, passwords: Sequence[str] = (), mapping: Mapping = NO_MAPPING
) -> WorkbookRead:
    """Read every sheet of one workbook into tables and records, with the reading findings."""
    src = _as_source(source)
    return _interpret(src, _load(src, tuple(passwords)), mapping)


def _load(src: Source, passwords: tuple[str, ...]) -> list[_RawSheet] | Finding:
    """Open and parse every worksheet: Rust and zlib, which run without the GIL.

    Nothing here builds Python objects per cell, so on a loading thread this work overlaps the
    interpretation of the previous file instead of competing with it for the GIL."""
    opened = _open(src, passwords)
    if isinstance(opened, Finding):
        return opened
    try:
        return _parse_sheets(src, opened)
    except hidden.RefusedError as exc:
        return make_finding("unreadable-file", "refused", file=src.display, reason=str(exc))
    except BaseException as exc:
        return _calamine_failure(exc, src)


def _calamine_failure(exc: BaseException, src: Source) -> Finding:
    # a damaged part or a format calamine cannot read; a Rust panic on malformed input
    # arrives as pyo3's PanicException, a BaseException with no importable class
    if not is_failure(exc):
        raise exc
    return _damaged(exc, src)


def _interpret(src: Source, loaded: list[_RawSheet] | Finding, mapping: Mapping) -> WorkbookRead:
    """Convert the parsed sheets to Python values, recognise and type them (holds the GIL)."""
    result = WorkbookRead(path=src.display, modified=src.modified)
    if not isinstance(loaded, Finding):
        try:
            sheets = [_to_python(raw) for raw in loaded]
        except BaseException as exc:
            loaded = _calamine_failure(exc, src)
    if isinstance(loaded, Finding):
        result.status = "unreadable"
        result.findings.append(loaded)
        return result
    try:
        titles: list[_Titles] = []
        for sheet in sheets:
            _read_sheet(sheet, result, mapping, titles)
        _title_record(result, titles)
        visits_from_ledger(result)
        _conclude(result)
    except Exception as exc:  # a shape no test foresaw: this file is lost, never the batch
        result = WorkbookRead(path=src.display, modified=src.modified, status="unreadable")
        result.findings.append(_unhandled(exc, src))
    return result


def _to_python(raw: _RawSheet) -> _PySheet:
    sheet = raw.sheet
    return _PySheet(
        name=raw.name,
        hidden=raw.hidden,
        rows=sheet.to_python(),
        origin=sheet.start or (0, 0),
        merges=sheet.merged_cell_ranges or [],
        hidden_rows=raw.hidden_rows,
    )


def _damaged(exc: BaseException, src: Source) -> Finding:
    if src.display.lower().endswith(".et"):
        return make_finding("unreadable-file", "not-spreadsheet", file=src.display, kind=ET_KIND)
    reason = logged_reason(exc, "parse")
    return make_finding("unreadable-file", "damaged", file=src.display, reason=reason)


def _unhandled(exc: BaseException, src: Source) -> Finding:
    """A file calamine parsed whose cells the interpretation could not handle: SchoolRoll's
    fault, not the file's, and said so (the fuzz counts it as a broken promise)."""
    if src.display.lower().endswith(".et"):
        return make_finding("unreadable-file", "not-spreadsheet", file=src.display, kind=ET_KIND)
    logged_reason(exc, "interpret")
    return make_finding("unreadable-file", "unhandled", file=src.display)


def _open(src: Source, passwords: tuple[str, ...]) -> Opened | Finding:
    try:
        data = src.read_bytes()
    except TooLargeError:
        return make_finding(
            "unreadable-file", "too-large", file=src.display, limit_mb=MAX_UNPACKED >> 20
        )
    except OSError as exc:
        return make_finding("unreadable-file", "", file=src.display, reason=plain_reason(exc))
    except Exception as exc:  # a damaged zip member: bad CRC, zlib, a ZipCrypto password...
        return make_finding(
            "unreadable-file", "damaged", file=src.display, reason=logged_reason(exc, "member")
        )
    return open_bytes(data, src.display, passwords)


def _parse_sheets(src: Source, opened: Opened) -> list[_RawSheet]:
    # a plain file is parsed from its path: from_filelike would call back into Python (and so
    # wait for the GIL) for every block it reads. calamine picks the format by the extension,
    # so only a file whose extension tells the truth is opened that way.
    # scanned first: a sheet past the limits must never reach calamine's dense grid
    hidden_by_sheet = (
        hidden.hidden_rows(opened.data, opened.archive) if opened.kind == "xlsx" else {}
    )
    if _by_path(src, opened):
        book = CalamineWorkbook.from_path(str(src.path))
    else:
        book = CalamineWorkbook.from_filelike(io.BytesIO(opened.data))
    return [
        _RawSheet(
            name=meta.name,
            hidden=meta.visible != SheetVisibleEnum.Visible,
            sheet=book.get_sheet_by_name(meta.name),
            hidden_rows=tuple(hidden_by_sheet.get(meta.name, ())),
        )
        for meta in book.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet and meta.name.strip() not in INSTRUCTION_SHEETS
    ]


def _by_path(src: Source, opened: Opened) -> bool:
    if src.member is not None or opened.encrypted:
        return False
    return src.path.suffix.lower() in _EXTENSIONS[opened.kind]


class _Titles(NamedTuple):
    """The label/value pairs of one table's title and footer rows."""

    sheet: _PySheet
    pairs: dict[str, Pair]


def _read_sheet(
    raw: _PySheet, result: WorkbookRead, mapping: Mapping, titles: list[_Titles]
) -> None:
    rows, name, is_hidden, hidden_rows = raw.rows, raw.name, raw.hidden, raw.hidden_rows
    if not rows:
        return
    origin, merges = raw.origin, raw.merges
    top = [list(r) for r in rows[:HEADER_SEARCH_ROWS]]
    fill_merged(top, merges, origin, first=0, last=len(top), down_only=False)
    match = find_header(top, name, mapping)
    path = result.path
    if match is None:
        _read_other(rows, name, is_hidden, origin, result, mapping)
        return
    rows[: match.row + 1] = top[: match.row + 1]
    signature = [match.columns[k] for k in match.form.signature if k in match.columns]
    keep, footer = select_rows(rows, match.row + 1, signature)
    # after selecting: a merged 班级 spanning a blank or total row must not make it a pupil
    fill_merged(rows, merges, origin, first=match.row + 1, last=len(rows), down_only=True)
    table, findings = build_table(
        rows, keep, match, path=path, sheet=name, origin=origin, hidden=is_hidden
    )
    result.tables.append(table)
    result.findings += findings
    pairs = title_pairs(rows, [*range(match.top), *footer], mapping)
    for key, pair in pairs.items():
        result.title_fields.setdefault(key, title_text(pair.value))
    if pairs:
        titles.append(_Titles(raw, pairs))
    _note_hidden(table, is_hidden, hidden_rows, result)


def _title_record(result: WorkbookRead, titles: list[_Titles]) -> None:
    """A workbook with no info sheet whose info block is in a table's title rows ("学校名称：…
    填报月份：…" in merged cells above the header): that block is its info record, read at its
    cells, from the first sheet whose title rows hold the form's signature."""
    for form in RECORD_FORMS:
        if any(r.form is form for r in result.records):
            continue
        for raw, pairs in titles:
            found = {k: p for k, p in pairs.items() if p.form_key == form.key}
            if set(form.signature) <= found.keys():
                record, findings = build_record(
                    (form, found),
                    raw.rows,
                    raw.origin,
                    path=result.path,
                    sheet=raw.name,
                    hidden=raw.hidden,
                )
                result.records.append(record)
                result.findings += findings
                break


def _read_other(
    rows: list[list[Any]],
    name: str,
    is_hidden: bool,
    origin: tuple[int, int],
    result: WorkbookRead,
    mapping: Mapping,
) -> None:
    matched = match_records(rows, mapping)
    if not matched and is_note_sheet(name):
        result.notes.update(parse_note_rows(rows))
        return
    if not matched:
        result.findings.append(
            make_finding("unrecognised-sheet", file=result.path, sheet=name, sheet_name=name)
        )
        return
    for found in matched:
        record, findings = build_record(
            found, rows, origin, path=result.path, sheet=name, hidden=is_hidden
        )
        result.records.append(record)
        result.findings += findings
    _note_hidden(record, is_hidden, (), result)


def _note_hidden(
    sheet: SheetTable | RecordSheet, is_hidden: bool, rows: Iterable[int], result: WorkbookRead
) -> None:
    if is_hidden:
        result.findings.append(
            make_finding(
                "hidden-content",
                "sheet",
                file=result.path,
                sheet=sheet.sheet,
                sheet_name=sheet.sheet,
            )
        )
    if isinstance(sheet, SheetTable):
        read = sorted(set(rows).intersection(sheet.data.index.tolist())) if rows else []
        if read:
            shown = "、".join(map(str, read[:10])) + ("等" if len(read) > 10 else "")
            result.findings.append(
                make_finding(
                    "hidden-content",
                    "rows",
                    file=result.path,
                    sheet=sheet.sheet,
                    count=len(read),
                    rows=f"第 {shown} 行",
                )
            )


def _conclude(result: WorkbookRead) -> None:
    forms = [s.form for s in (*result.records, *result.tables)]
    if not forms:
        result.findings.append(make_finding("unknown-form", file=result.path))
        return
    votes: Counter[str] = Counter()
    for form in forms:
        votes.update(f.key for f in FAMILIES if any(s is form for s in f.sheets))
    result.family = _family(votes)


def _family(votes: Counter[str]) -> FormFamily | None:
    best = max(votes.values(), default=0)
    return next((f for f in FAMILIES if votes.get(f.key) == best), None) if best else None


def read_workbooks(
    sources: Iterable[Source | str | Path],
    passwords: Sequence[str] = (),
    progress: Progress | None = None,
    ahead: int = AHEAD,
    mapping: Mapping = NO_MAPPING,
) -> Iterator[WorkbookRead]:
    """Read many workbooks on two threads, yielding results in input order.

    A loading thread parses up to `ahead` files ahead (calamine and zlib release the GIL) while
    this thread interprets them; when the next file is not parsed yet, this thread parses a
    queued one itself instead of waiting. Two threads keep both cores busy: with a third,
    whichever held the GIL was often the one the system had paused. ahead=0 reads each file
    on this thread alone (core/execution.py decides)."""
    items = [_as_source(s) for s in sources]
    secrets = tuple(passwords)
    if ahead <= 0:
        yield from _one_by_one(items, secrets, progress, mapping)
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader")
    pending: deque[_Pending] = deque()
    queued = iter(items)
    try:
        for done in range(1, len(items) + 1):
            while len(pending) < ahead and (
                not pending or sum(p.size for p in pending) < AHEAD_BYTES
            ):
                source = next(queued, None)
                if source is None:
                    break
                pending.append(_Pending(source, pool.submit(_load, source, secrets), source.size()))
            source, loading, _ = pending.popleft()
            if loading.cancel():  # not started yet: quicker to parse it here
                loading = _load_here(source, secrets)
            while not loading.done() and _load_queued(pending, secrets):
                pass
            read = _interpret(source, loading.result(), mapping)
            if progress is not None:
                progress.step(done, len(items), read.path)
            yield read
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_by_one(
    items: list[Source], secrets: tuple[str, ...], progress: Progress | None, mapping: Mapping
) -> Iterator[WorkbookRead]:
    for done, source in enumerate(items, start=1):
        read = _interpret(source, _load(source, secrets), mapping)
        if progress is not None:
            progress.step(done, len(items), read.path)
        yield read


class _Pending(NamedTuple):
    source: Source
    loading: Future[list[_RawSheet] | Finding]
    size: int


def _load_queued(pending: deque[_Pending], secrets: tuple[str, ...]) -> bool:
    """Parse the last queued file on this thread (the loading thread works from the front);
    False when every file is parsed or being parsed."""
    for k in range(len(pending) - 1, -1, -1):
        if pending[k].loading.cancel():
            pending[k] = pending[k]._replace(loading=_load_here(pending[k].source, secrets))
            return True
    return False


def _load_here(source: Source, secrets: tuple[str, ...]) -> Future[list[_RawSheet] | Finding]:
    future: Future[list[_RawSheet] | Finding] = Future()
    try:
        future.set_result(_load(source, secrets))
    except Exception as exc:  # raised when its turn comes, as from the loading thread
        future.set_exception(exc)
    return future
