"""The control panel's Settings tab: the setup's `settings:` (looks per second, thresholds, the
database, where learnt fonts are kept), checked as they are typed by the model `aviator run` uses,
each problem beside its field, and saved into the setup file. They apply when the collector starts
again: the workers running now keep theirs (a worker is never restarted behind the user's back)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from aviator.config.collector_settings import CollectorSettings
from aviator.config.loader import ConfigError, dump_setup, load_setup
from aviator.config.schema_errors import explained
from aviator.gui.region_editor import ErrorLabel, beside_file
from aviator.gui.setup_tab import SetupTab

FIELDS = {
    "looks_per_second": "Looks per second",
    "thresholds": "Thresholds (x)",
    "database": "Database",
    "learned_templates": "Learnt fonts folder",
}
HINTS = {
    "looks_per_second": "each game, per second of game time (above 0, up to 30)",
    "thresholds": "multipliers whose crossing each flight records, separated by commas",
    "database": "a file path (SQLite), sqlite:///PATH or postgresql://USER@HOST/NAME",
    "learned_templates": "where bookmakers without templates keep the fonts they learn",
}
APPLIES = (
    "Saved into the setup file; they apply when the collector starts again (`aviator run` or "
    "`aviator gui --config`). --db and --learned-templates on the command line win over them."
)
DEMO = (
    "The demo runs on these built-in settings: open a setup (`aviator gui --config FILE`) to change its own."
)
COMMENT = "written by the control panel's Settings tab"


def form_values(settings: CollectorSettings) -> dict[str, str]:
    """The settings as the fields show them."""
    return {
        "looks_per_second": f"{settings.looks_per_second:g}",
        "thresholds": ", ".join(f"{t:g}" for t in settings.thresholds),
        "database": settings.database,
        "learned_templates": str(settings.learned_templates),
    }


def parsed(texts: dict[str, str]) -> tuple[CollectorSettings | None, dict[str, list[str]]]:
    """The settings the fields hold, or each field's problems (the model's, in the file's words)."""
    data: dict[str, Any] = {key: text.strip() for key, text in texts.items()}
    data["looks_per_second"] = _number(data["looks_per_second"])
    data["thresholds"] = [_number(part) for part in re.split(r"[,;\s]+", data["thresholds"]) if part]
    try:
        return CollectorSettings.model_validate(data), {}
    except ValidationError as error:
        problems: dict[str, list[str]] = {}
        for details in error.errors():
            loc, reason = explained(details)
            problems.setdefault(str(loc[0]), []).append(reason)
        return None, problems


def _number(text: str) -> float | str:
    """A number as typed, or the text itself for the model to name (as a file's value would be)."""
    try:
        return float(text)
    except ValueError:
        return text


class SettingsTab(QWidget):
    """The settings of the setup file `path` to edit (None: the demo's, shown but not editable)."""

    saved = Signal(Path)  # the setup file just written

    def __init__(self, settings: CollectorSettings, path: Path | None) -> None:
        super().__init__()
        self.path = path
        self.fields = {key: QLineEdit(text) for key, text in form_values(settings).items()}
        self.errors = {key: ErrorLabel() for key in FIELDS}
        self.save_button, self.status = QPushButton("Save"), QLabel(APPLIES if path else DEMO)
        self.status.setWordWrap(True)
        self.save_button.clicked.connect(self.save)
        self._lay_out()
        for field in self.fields.values():
            field.setEnabled(path is not None)
            field.textChanged.connect(self.check)
        self.save_button.setEnabled(False)  # nothing to save until something is changed

    def _lay_out(self) -> None:
        form = QFormLayout()
        for key, title in FIELDS.items():
            self.fields[key].setToolTip(HINTS[key])
            column = QVBoxLayout()
            column.addWidget(self.fields[key])
            column.addWidget(self.errors[key])
            form.addRow(title, column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        layout.addStretch()

    def texts(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def check(self) -> CollectorSettings | None:
        """The settings as typed if they hold; each problem shows beside its field."""
        settings, problems = parsed(self.texts())
        for key, label in self.errors.items():
            label.show_problems(problems.get(key, []))
        self.save_button.setEnabled(settings is not None and self.path is not None)
        return settings

    def save(self) -> bool:
        """Writes the settings into the setup file, the rest of it as it is on disk now."""
        settings = self.check()
        if settings is None or self.path is None:
            return False
        try:
            setup = load_setup(self.path).model_copy(update={"settings": settings})
            dump_setup(beside_file(setup, self.path.parent), self.path, COMMENT)
        except (ConfigError, OSError) as error:  # the file went wrong meanwhile: told, edits kept
            self.status.setText(f"not saved: {error}")
            return False
        self.status.setText(f"saved {self.path}. {APPLIES}")
        self.save_button.setEnabled(False)
        self.saved.emit(self.path)
        return True


def share_settings(settings_tab: SettingsTab, setup_tab: SetupTab) -> None:
    """The region editor writes the whole setup when it saves: it must then write the settings the
    Settings tab saved, not the ones it opened with."""

    def saved() -> None:
        editor, settings = setup_tab.editor, settings_tab.check()
        if editor is not None and settings is not None:
            editor.setup = editor.setup.model_copy(update={"settings": settings})

    settings_tab.saved.connect(saved)
