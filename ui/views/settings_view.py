"""设置 page: a form generated from the AppSettings fields (title, limits and kind in metadata)."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.policy import PolicyError
from ui.views.widgets import PathField, SecretLines

log = logging.getLogger(__name__)


class SettingsView(QWidget):
    """Edits the settings; 保存 checks them as a policy and persists them through the store."""

    saved = Signal()

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.editors: dict[str, QWidget] = {}
        self.notice = QLabel(ctx.store.notice or "")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #e65100;")
        self.notice.setVisible(bool(ctx.store.notice))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for group, fields in self._groups().items():
            body_layout.addWidget(self._group_box(group, fields))
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.save_button = QPushButton("保存")
        self.defaults_button = QPushButton("恢复默认")
        self.save_button.clicked.connect(self.save)
        self.defaults_button.clicked.connect(self._on_defaults_clicked)
        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addWidget(self.defaults_button)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        self.load(ctx.settings)

    def _groups(self) -> dict[str, list[dataclasses.Field[Any]]]:
        groups: dict[str, list[dataclasses.Field[Any]]] = {}
        for f in dataclasses.fields(self.ctx.settings):
            groups.setdefault(f.metadata.get("group", "其他"), []).append(f)
        return groups

    def _group_box(self, title: str, fields: list[dataclasses.Field[Any]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for f in fields:
            editor = self._editor(f)
            editor.setToolTip(f.metadata.get("description", ""))
            self.editors[f.name] = editor
            form.addRow(f"{f.metadata['title']}：", editor)
        return box

    def _editor(self, f: dataclasses.Field[Any]) -> QWidget:
        meta = f.metadata
        if meta.get("kind") == "folder":
            return PathField(self.ctx, "folder", meta["title"], remember=f"settings/{f.name}")
        if meta.get("kind") == "lines":
            return SecretLines(meta.get("description", ""))
        if "choices" in meta:
            combo = QComboBox()
            combo.setMaximumWidth(240)
            for value, label in meta["choices"].items():
                combo.addItem(label, value)
            return combo
        spin = QSpinBox()
        spin.setRange(meta.get("minimum", 0), meta.get("maximum", 999))
        spin.setMaximumWidth(120)
        return spin

    def load(self, settings: Any) -> None:
        """Show these settings in the editors."""
        for name, editor in self.editors.items():
            value = getattr(settings, name)
            if isinstance(editor, PathField):
                editor.set_text(value)
            elif isinstance(editor, SecretLines):
                editor.setPlainText("\n".join(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(value), 0))
            elif isinstance(editor, QSpinBox):
                editor.setValue(value)

    def edited(self) -> Any:
        """The settings as the editors show them."""
        values: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, PathField):
                values[name] = editor.text()
            elif isinstance(editor, SecretLines):
                values[name] = [x.strip() for x in editor.toPlainText().splitlines() if x.strip()]
            elif isinstance(editor, QComboBox):
                values[name] = editor.currentData()
            elif isinstance(editor, QSpinBox):
                values[name] = editor.value()
        return dataclasses.replace(self.ctx.settings, **values)

    def save(self) -> None:
        """Check and persist the edited settings (the 保存 button)."""
        settings = self.edited()
        try:
            settings.to_policy()
        except PolicyError as exc:
            self.status.setText(f"未保存：{exc}")
            return
        self.ctx.store.save(settings)
        self.notice.setVisible(False)
        self.status.setText("已保存；已加载的文件会按新设置重新校验。")
        self.saved.emit()

    def _on_defaults_clicked(self) -> None:
        self.load(type(self.ctx.settings)())
        self.status.setText("已恢复默认值，点击“保存”后生效。")
