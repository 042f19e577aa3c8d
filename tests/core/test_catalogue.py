"""The form catalogue is consistent: the reader can tell every column and every form apart."""

from __future__ import annotations

import itertools

import pytest

from core.catalogue import CODE_LISTS, FAMILIES, FORMS, Layout, ValueType, fold
from core.catalogue import codelists as cl


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.key)
def test_no_two_columns_of_a_form_share_a_spelling(form) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for column in form.columns:
        for spelling in column.spellings:
            owner = seen.setdefault(fold(spelling), column.key)
            if owner != column.key:
                clashes.append((spelling, owner, column.key))
    assert clashes == []


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.key)
def test_signature_names_columns_of_the_form(form) -> None:
    assert set(form.signature) <= set(form.keys)
    assert len(set(form.keys)) == len(form.keys)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.key)
def test_enum_columns_have_code_lists(form) -> None:
    missing = [c.key for c in form.columns if (c.type is ValueType.ENUM) != (c.codes is not None)]
    assert missing == []


def test_no_form_signature_is_contained_in_another_forms_headers() -> None:
    """A sheet holding exactly one form's columns matches that form best: no other form both
    contains all its columns and is satisfied by them (the reader picks the most matched)."""
    tables = [f for f in FORMS if f.layout is Layout.TABLE]
    ambiguous = []
    for a in tables:
        for b in tables:
            if a is b:
                continue
            if set(b.signature) <= set(a.keys) and set(a.keys) <= set(b.keys):
                ambiguous.append((a.key, b.key))
    assert ambiguous == []


def test_every_family_has_a_unique_key_and_title() -> None:
    assert len({f.key for f in FAMILIES}) == len(FAMILIES)
    assert len({f.title for f in FAMILIES}) == len(FAMILIES)


@pytest.mark.parametrize(
    ("codes", "raw", "expected"),
    [
        (cl.GRADE, "初一", "7"),
        (cl.GRADE, "初中一年级", "7"),
        (cl.GRADE, "1年级", "1"),
        (cl.GRADE, "小一", "1"),
        (cl.GRADE, "９", "9"),  # noqa: RUF001 - full-width on purpose
        (cl.GENDER, "女", "2"),
        (cl.GENDER, "1", "1"),
        (cl.YES_NO, "√", "1"),
        (cl.YES_NO, "Y", "1"),
        (cl.YES_NO, "否", "0"),
        (cl.LEFT_BEHIND, "双亲留守", "2"),
        (cl.DROPOUT_REASON, "外出打工", "02"),
        (cl.SCHOOLING, "送教上门", "04"),
        (cl.GRADE, "十年级", None),
    ],
)
def test_code_lists_accept_code_label_and_alias(codes, raw, expected) -> None:
    assert codes.parse(raw) == expected


def _written_around(codes) -> list[tuple[str, str | None]]:
    """Every entry of a code list as forms write values around their labels: the code before
    the label (11-在校就读, 11 在校就读), the label with an alias as its gloss (辍学（仍未返校）),
    and a label glossed with another entry's label (unknown: never guessed)."""
    out: list[tuple[str, str | None]] = []
    entries = codes.codes
    for entry in entries:
        if entry.code.isdigit():
            out += [(f"{entry.code}-{entry.label}", entry.code),
                    (f"{entry.code} {entry.label}", entry.code)]  # fmt: skip
        out += [
            (f"{entry.label}（{alias}）", entry.code)
            for alias in entry.aliases
            if "(" not in fold(alias)  # a gloss is plain words
        ]
    for a, b in itertools.pairwise(entries):
        out.append((f"{a.label}（{b.label}）", None))
    return out


@pytest.mark.parametrize("codes", list(CODE_LISTS.values()), ids=lambda c: c.key)
def test_a_value_written_around_its_label_is_read_as_its_entry(codes) -> None:
    cases = _written_around(codes)
    assert [(raw, codes.parse(raw)) for raw, _ in cases] == cases


def test_no_spelling_maps_to_two_codes_in_one_list() -> None:
    clashes = []
    for codes in CODE_LISTS.values():
        seen: dict[str, str] = {}
        for entry in codes.codes:
            for spelling in (entry.code, entry.label, *entry.aliases):
                owner = seen.setdefault(fold(spelling), entry.code)
                if owner != entry.code:
                    clashes.append((codes.key, spelling, owner, entry.code))
    assert clashes == []


def test_catalogue_forms_and_families_are_pickled_by_key_others_by_value() -> None:
    import dataclasses
    import pickle

    from core.catalogue import FAMILIES, FORMS

    assert all(pickle.loads(pickle.dumps(f)) is f for f in (*FAMILIES, *FORMS))
    assert all(len(pickle.dumps(f)) < 200 for f in (*FAMILIES, *FORMS))
    derived = dataclasses.replace(FORMS[0], title="另一个标题")
    back = pickle.loads(pickle.dumps(derived))
    assert (back == derived, back is derived, back.title) == (True, False, "另一个标题")


def test_the_answer_code_lists_share_their_common_entries_with_the_closing_reasons():
    from core.catalogue import codelists as cl

    # the list, in its order
    assert cl.VERIFY_RESULT.labels == [
        "在校就读", "已返校", "转学", "辍学", "休学", "送教上门", "死亡", "出国出境", "其他",
    ]  # fmt: skip
    common = {c.label for c in cl.VERIFY_RESULT.codes} & {c.label for c in cl.CLOSING_REASON.codes}
    assert common == {"死亡", "出国出境", "其他"}
    for label in common:  # one definition: the same entry (code, label, aliases) in each list
        (a,) = [c for c in cl.VERIFY_RESULT.codes if c.label == label]
        (b,) = [c for c in cl.CLOSING_REASON.codes if c.label == label]
        (d,) = [c for c in cl.CHECK_RESULT.codes if c.label == label]
        assert a is b is d
    # the field check's list is the 核实结果 entries themselves, and 联系不上
    assert [c for c in cl.CHECK_RESULT.codes if c.label != "联系不上"] == list(
        cl.VERIFY_RESULT.codes
    )
    assert all(
        any(c is v for v in cl.VERIFY_RESULT.codes)
        for c in cl.CHECK_RESULT.codes
        if c.label != "联系不上"
    )
    assert cl.CHECK_RESULT.parse("仍未返校") == cl.VERIFY_RESULT.parse("辍学") == "14"
