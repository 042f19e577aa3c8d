"""argparse in Chinese: usage, section titles, -h and the error messages of Python 3.11's argparse.

No global patch: the parser gets a Chinese formatter and titles, and its error() translates the
few messages argparse composes; a message not listed keeps its English text inside a Chinese
sentence rather than being lost.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

METAVARS = {
    "PATH": "路径",
    "DIR": "文件夹",
    "FILE": "文件",
    "FILE.xlsx": "文件.xlsx",
    "INBOX": "收件箱",
    "PERIOD": "期间",
    "PW": "密码",
}
"""The metavars the subcommands declare -> what the help shows."""

ERRORS = (
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (
        r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)",
        "参数 {0} 的值 {1} 无效，可选 {2}",
    ),
    (r"argument (.*?): expected one argument", "参数 {0} 后面需要一个值"),
    (r"argument (.*?): expected at least one argument", "参数 {0} 后面至少需要一个值"),
    (r"argument (.*?): expected (\d+) arguments?", "参数 {0} 后面需要 {1} 个值"),
    (r"argument (.*?): invalid int value: (.*)", "参数 {0} 的值 {1} 不是整数"),
    (r"argument (.*?): invalid \w+ value: (.*)", "参数 {0} 的值 {1} 无效"),
    (r"argument (.*?): not allowed with argument (.*)", "参数 {0} 不能与 {1} 同时使用"),
    (r"argument (.*?): ignored explicit argument (.*)", "参数 {0} 不接受值 {1}"),
    (r"ambiguous option: (.*?) could match (.*)", "选项 {0} 不明确，可能是：{1}"),
    (r"one of the arguments (.*) is required", "必须给出以下参数之一：{0}"),
)


def translate_error(message: str) -> str:
    """An argparse error message in Chinese."""
    for pattern, chinese in ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            return chinese.format(*match.groups())
    return f"无法理解的参数（{message}）"


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Usage headed 用法：."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """argparse API: the usage line, with a Chinese prefix."""
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def localize(parser: argparse.ArgumentParser) -> None:
    """Chinese section titles, -h help and metavars on a parser built with add_help=False."""
    parser._positionals.title = "位置参数"  # argparse has no public setter for these two
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    for action in parser._actions:
        if isinstance(action.metavar, str):
            action.metavar = METAVARS.get(action.metavar, action.metavar)
