"""One line under a statement in the Statements screen: the cascade of a network statement
(which units localised it, in what state, when it went out) or, for a unit's version, whose
statement it localises. Read in the background; plain text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from crisisdesk.clock import parse_utc
from crisisdesk.ui.display import date_time
from crisisdesk.ui.network_models import unit_name
from crisisdesk.ui.room import RoomContext

translate = QCoreApplication.translate


def load_cascade(desk: Any, statement_id: int) -> tuple[Any, list[Any]]:
    cascades = desk.network.cascades
    return cascades.owner(statement_id), cascades.status(statement_id)


class CascadeLine(QLabel):
    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("statementCascade")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()

    def show_for(self, statement_id: int) -> None:
        desk = self.ctx.desk
        self.ctx.ops.read(
            lambda: load_cascade(desk, statement_id),
            lambda loaded: self._loaded(statement_id, *loaded),
            owner=self,
        )

    def _loaded(self, statement_id: int, owner: Any, lines: list[Any]) -> None:
        prefs = self.ctx.prefs
        if owner is not None and owner[1] is not None:
            unit = self.ctx.desk.network.unit(owner[0])
            self.setText(
                translate("Network", "%1's version of network statement %2")
                .replace("%1", unit_name(unit, prefs))
                .replace("%2", str(owner[1]))
            )
            self.show()
            return
        if not lines:
            self.hide()
            return
        parts = []
        for line in lines:
            name = unit_name(line.unit, prefs)
            if line.statement_id is None:
                state = translate("Network", "not localised yet")
            elif line.published_at:
                state = translate("Network", "published %1").replace(
                    "%1", date_time(parse_utc(line.published_at), prefs, seconds=False)
                )
            else:
                state = f"#{line.statement_id} {line.state}"
            parts.append(f"{name}: {state}")
        self.setText(translate("Network", "Cascade: %1").replace("%1", " · ".join(parts)))
        self.show()
