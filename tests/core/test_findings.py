"""Findings render their catalogue message and locate themselves in the user's terms."""

from __future__ import annotations

import re

import pytest

from core.model.finding_types import FINDING_TYPES
from core.model.findings import (
    Finding,
    FindingList,
    Severity,
    UnknownFindingCodeError,
    make_finding,
)
from tests.conftest import PRODUCT_CROSS_CODES, PRODUCT_FILE_CODES

PRODUCT_CODES = [*PRODUCT_FILE_CODES, *PRODUCT_CROSS_CODES]


def test_catalogue_has_every_code_of_product_md_in_kebab_case() -> None:
    assert [c for c in PRODUCT_CODES if c not in FINDING_TYPES] == []
    assert [c for c in FINDING_TYPES if not re.fullmatch(r"[a-z]+(-[a-z]+)*", c)] == []


def test_every_message_is_chinese_with_a_hint() -> None:
    for ftype in FINDING_TYPES.values():
        assert ftype.hint, ftype.code
        for template in ftype.messages.values():
            assert re.search(r"[\u4e00-\u9fff]", template), ftype.code


def test_make_finding_renders_the_variant_and_locates_the_cell() -> None:
    f = make_finding(
        "id-invalid",
        "check",
        file="a.xlsx",
        sheet="学籍名册",
        row=7,
        column="G",
        field="身份证件号",
        value="41152520190304123X",
        expected="5",
    )
    assert f == Finding(
        code="id-invalid",
        severity=Severity.ERROR,
        message="身份证件号校验位错误，应为 5",
        file="a.xlsx",
        sheet="学籍名册",
        row=7,
        column="G",
        field="身份证件号",
        value="41152520190304123X",
        hint="请对照户口簿逐位核对身份证件号。",
    )
    assert f.cell == "G7"
    assert f.describe() == "[错误] 学籍名册 第7行 G列：身份证件号校验位错误，应为 5"


def test_an_explained_query_is_not_open() -> None:
    f = make_finding(
        "age-out-of-range", sheet="学籍名册", row=9, column="H", age=17, low=6, high=15
    )
    assert f.severity is Severity.QUERY
    assert f.is_open
    explained = f.with_(explanation="留级两年")
    assert not explained.is_open
    assert explained.describe().endswith("（已说明：留级两年）")


def test_unknown_code_is_a_bug_not_a_finding() -> None:
    with pytest.raises(UnknownFindingCodeError):
        make_finding("no-such-code")


def test_finding_list_counts_what_it_drops() -> None:
    bag = FindingList(limit=2)
    for row in (2, 3, 4, 5):
        bag.add(
            make_finding("required-missing", sheet="学籍名册", row=row, column="C", field="姓名")
        )
    assert [f.row for f in bag.items] == [2, 3]
    assert bag.dropped == {"required-missing": 2}
    assert bag.truncated
