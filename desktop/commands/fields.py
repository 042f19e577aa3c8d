"""schoolroll fields [--json]: every form's field keys with their Chinese headers, for mappings."""

from __future__ import annotations

import argparse

from core.catalogue import FORMS, Layout
from desktop.commands.common import print_json

NAME = "fields"
HELP = "列出每种报表的字段键和中文表头（编写映射文件时用）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """--json."""
    p.add_argument("--json", action="store_true", help="输出 JSON")


def fields_doc() -> list[dict]:
    """Each form: kind, title and its fields (key, header, synonyms)."""
    return [
        {
            "kind": form.kind,
            "title": form.title,
            "layout": "标签和值" if form.layout is Layout.RECORD else "表格",
            "fields": [
                {"key": c.key, "header": c.header, "synonyms": list(c.synonyms)}
                for c in form.columns
            ],
        }
        for form in FORMS
    ]


def run(args: argparse.Namespace) -> int:
    """Print the fields."""
    doc = fields_doc()
    if args.json:
        print_json({"forms": doc})
        return 0
    for form in doc:
        print(f"[{form['kind']}] {form['title']}")
        for f in form["fields"]:
            print(f"  {f['key']:<18} {f['header']}")
    return 0
