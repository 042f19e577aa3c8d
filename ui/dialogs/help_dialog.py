"""规则说明 inside the app: the rule catalogue rendered from the rules, with a search box."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def rules_markdown() -> str:
    """The rule catalogue as Markdown, from the rules themselves (as `schoolroll rules` prints)."""
    from core.rules import RULES
    from core.writers.rules_doc import render_rules_doc

    return render_rules_doc(RULES)


class HelpDialog(QDialog):
    """Shows the rule catalogue; typing in the search box jumps to the next match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("规则说明")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # no external launcher: every link is inside
        self.browser.anchorClicked.connect(lambda url: self.browser.scrollToAnchor(url.fragment()))
        self.browser.setMarkdown(rules_markdown())
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索问题代码、名称或说明……")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda: self.find(again=False))
        self.search.returnPressed.connect(self.find)
        self.next_button = QPushButton("下一个")
        self.next_button.clicked.connect(self.find)
        self.result = QLabel("")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("搜索："))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.next_button)
        bar.addWidget(self.result)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.resize(820, 600)

    def find(self, again: bool = True) -> bool:
        """Select the next match of the search text, wrapping round at the end."""
        text = self.search.text().strip()
        if not text:
            self.result.setText("")
            return False
        if not again:  # a new search starts from the top
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        found = self.browser.find(text) or self._from_top(text)
        self.result.setText("" if found else f"找不到“{text}”")
        return found

    def _from_top(self, text: str) -> bool:
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        return self.browser.find(text, QTextDocument.FindFlag(0))
