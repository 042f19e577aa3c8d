"""The few of Qt's own strings that its qtbase_zh_CN translation lacks, in Chinese.

Qt 6 renamed two labels of its file dialog ("&Look in:", "Files of &type:", with shortcuts),
and the qtbase_zh_CN.qm shipped with PySide6 still translates only the old texts, so those two
stayed English while the rest of the dialog was Chinese.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}
"""(context, Qt's source text) -> Chinese, for texts qtbase_zh_CN.qm does not have."""


class MissingStrings(QTranslator):
    """Translates MISSING; every other text is left to the translators installed before it."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        """Qt API: the Chinese text, or None (a null string) to let the next translator answer."""
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        """Qt API: never empty (Qt skips empty translators)."""
        return False
