"""schoolroll consolidate INBOX: the county's monthly consolidation."""

from __future__ import annotations

import argparse

from desktop.commands.common import add_password_option, add_policy_option

NAME = "consolidate"
HELP = "县区汇总：收件箱里的学校月报 → 报送情况、三本台账、三比对、问题清单"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of product.md's contract."""
    p.add_argument("inbox", metavar="INBOX", help="收件箱文件夹或 zip 压缩包")
    p.add_argument("--period", required=True, metavar="YYYY-MM", help="汇总月份")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="县区汇总工作簿")
    p.add_argument("--schools", metavar="FILE", help="学校名录")
    p.add_argument("--household", metavar="FILE", help="户籍适龄儿童名单")
    p.add_argument("--poverty", metavar="FILE", help="脱贫户家庭成员名单")
    p.add_argument("--platform", metavar="FILE", help="平台推送疑似辍学名单")
    p.add_argument("--feedback", metavar="DIR", help="把各校标注副本写到这个文件夹")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add_password_option(p)
    add_policy_option(p)


def run(args: argparse.Namespace) -> int:
    """Consolidate; exit 0 without error findings, 1 with."""
    raise NotImplementedError("owned by the consolidation work")
