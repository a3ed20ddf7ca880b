"""Dashboard: the incident's KPIs as tiles, charts painted with QPainter, the lists that need
someone now (overdue tasks, approvals waiting, the largest rumour clusters), and the tone of
the public: per hour, per channel, and before and after each published statement.

The charts are drawn here rather than with QtCharts or pyqtgraph. Measured offscreen on a
tone-over-time chart of three lines over a day (bench notes in ``docs/tone.md``): QtCharts
painted first in about 20 ms against about 90 ms here, but it needs PySide6-Addons (417 MB
more per installation, a second Qt wheel to keep at the Essentials version) and its default
axes need work to show hours and Arabic digits; pyqtgraph took 1.5 s to import (with numpy)
before its first paint. Both are far below the seconds the dashboard's data takes to load,
so the look decides: these charts already follow the theme, right-to-left layout and the
digit preference.

It reloads (in the background, debounced) whenever the change feed brings a decision about
this incident, so a new interaction shows up within about a second on every laptop.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.review.charts import bars, series_points
from crisisdesk.review.report_html import PALETTE
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import (
    DisplayPrefs,
    age,
    date_time,
    digits,
    directed,
    number,
    safe_text,
)
from crisisdesk.ui.inbox_model import channel_name
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.unit_kpis_model import UnitKpisModel
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate
REFRESH_DELAY_MS = 300
TONE_COLOURS = {"negative": "#c0392b", "neutral": "#7f8c8d", "positive": "#1e8449"}
TILE_KEYS = (
    "first_approved",
    "first_published",
    "turnaround",
    "interactions",
    "response",
    "within",
    "overdue",
    "clusters",
    "checklist",
    "decisions",
)


class ChartView(QWidget):
    """A small line or bar chart; the geometry comes from ``crisisdesk.review.charts``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # time runs left to right
        self.series: dict[str, dict[str, int]] = {}
        self.colours: dict[str, str] = {}  # fixed colours per series, in the given order
        self.labels: list[str] = []
        self.values: list[int] = []
        self.mode = "lines"
        self.prefs: DisplayPrefs | None = None  # the reader's digits for every number
        self.x_title = ""
        self.y_title = ""

    def set_axes(self, x_title: str, y_title: str, prefs: DisplayPrefs) -> None:
        """Axis titles (what is counted, over what) and the digits to write numbers in."""
        self.x_title, self.y_title, self.prefs = x_title, y_title, prefs
        self.update()

    def _num(self, value: int | str) -> str:
        return digits(str(value), self.prefs) if self.prefs is not None else str(value)

    def visible_texts(self) -> list[str]:
        """Every text the chart paints (legend, axis titles and numbers)."""
        if self.is_empty():
            return [translate("Dashboard", "No data yet")]
        texts = [self.x_title, self.y_title]
        if self.mode == "lines":
            texts += list(self.series)
            top = max((v for values in self.series.values() for v in values.values()), default=1)
            texts += [self._num(top or 1), self._num(0)]
            hours = sorted({h for values in self.series.values() for h in values})
            texts += [
                self._num(hours[0][5:].replace("T", " ")),
                self._num(hours[-1][5:].replace("T", " ")),
            ]
        else:
            texts += self.labels + [self._num(v) for v in self.values]
        return [t for t in texts if t]

    def set_lines(
        self, series: dict[str, dict[str, int]], colours: dict[str, str] | None = None
    ) -> None:
        """Lines per series; with ``colours`` the series keep their order and colours (the
        tones are red, grey and green in every language)."""
        self.mode, self.series, self.colours = "lines", series, colours or {}
        self.update()

    def set_bars(self, labels: list[str], values: list[int]) -> None:
        self.mode, self.labels, self.values = "bars", labels, values
        self.update()

    def is_empty(self) -> bool:
        if self.mode == "lines":
            return not any(self.series.values())
        return not any(self.values)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        painter.setPen(QPen(text))
        box = QRectF(self.rect()).adjusted(34, 18 if self.y_title else 8, -8, -34)
        if self.is_empty():
            painter.drawText(
                QRectF(self.rect()),
                Qt.AlignmentFlag.AlignCenter,
                translate("Dashboard", "No data yet"),
            )
            painter.end()
            return
        painter.drawLine(box.bottomLeft(), box.bottomRight())
        self._paint_titles(painter, box)
        if self.mode == "lines":
            self._paint_lines(painter, box, text)
        else:
            self._paint_bars(painter, box, text)
        painter.end()

    def _paint_titles(self, painter: QPainter, box: QRectF) -> None:
        """The y title above the axis, the x title under the labels, in the UI's direction."""
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.0))
        small.setItalic(True)
        painter.save()
        painter.setFont(small)
        if self.y_title:
            painter.drawText(
                QRectF(2, 0, self.width() - 4, 14),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.y_title,
            )
        if self.x_title:
            painter.drawText(
                QRectF(0, self.height() - 13, self.width() - 4, 13),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.x_title,
            )
        painter.restore()

    def _paint_lines(self, painter: QPainter, box: QRectF, text: QColor) -> None:
        hours = sorted({h for values in self.series.values() for h in values})
        top = max((v for values in self.series.values() for v in values.values()), default=1) or 1
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.0))
        painter.setFont(small)
        painter.drawText(QPointF(2, box.top() + 8), self._num(top))
        painter.drawText(QPointF(2, box.bottom()), self._num(0))
        painter.drawText(
            QPointF(box.left(), box.bottom() + 13), self._num(hours[0][5:].replace("T", " "))
        )
        last = self._num(hours[-1][5:].replace("T", " "))
        width = painter.fontMetrics().horizontalAdvance(last)
        painter.drawText(QPointF(box.right() - width, box.bottom() + 13), last)
        ordered = list(self.series.items()) if self.colours else sorted(self.series.items())
        legend_x = box.left()  # each entry as wide as its name: long Arabic names never overlap
        for index, (name, values) in enumerate(ordered):
            colour = QColor(self.colours.get(name) or PALETTE[index % len(PALETTE)])
            points = series_points(
                hours, values, top, box.left(), box.right(), box.top(), box.bottom()
            )
            painter.setPen(QPen(colour, 2))
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in points]))
            painter.setBrush(colour)
            for x, y in points:
                painter.drawEllipse(QPointF(x, y), 2.5, 2.5)
            painter.fillRect(QRectF(legend_x, box.bottom() + 19, 8, 8), colour)
            painter.setPen(QPen(text))
            painter.drawText(QPointF(legend_x + 11, box.bottom() + 27), name)
            legend_x += 11 + painter.fontMetrics().horizontalAdvance(name) + 14

    def _paint_bars(self, painter: QPainter, box: QRectF, text: QColor) -> None:
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.0))
        painter.setFont(small)
        colour = QColor(PALETTE[0])
        slot = box.width() / max(len(self.values), 1)
        widest = max((painter.fontMetrics().horizontalAdvance(t) for t in self.labels), default=0)
        if widest > slot - 2:  # shrink the labels rather than let them overlap
            small.setPointSizeF(max(small.pointSizeF() * (slot - 2) / widest, 5.0))
            painter.setFont(small)
        geometry = bars(self.values, box.left(), box.right(), box.top() + 12, box.bottom())
        for (x, y, w, h), label, value in zip(geometry, self.labels, self.values, strict=True):
            painter.fillRect(QRectF(x, y, w, h), colour)
            painter.setPen(QPen(text))
            painter.drawText(
                QRectF(x - 6, y - 14, w + 12, 12), Qt.AlignmentFlag.AlignCenter, self._num(value)
            )
            centre = x + w / 2
            painter.drawText(
                QRectF(centre - slot / 2, box.bottom() + 2, slot, 14),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )


class Tile(QFrame):
    """One KPI: a big value over a short caption."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.value = QLabel(self)
        self.value.setObjectName("tileValue")
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


@register_screen("dashboard", order=11)
class DashboardScreen(Screen):
    icon_name = "dashboard"

    @classmethod
    def title(cls) -> str:
        return translate("Dashboard", "Dashboard")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: dict[str, Any] | None = None
        self.loaded = False
        self.wizard: Any = None
        self._loading = False
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)
        header = QHBoxLayout()
        self.heading = QLabel(body)
        self.heading.setObjectName("screenTitle")
        self.drill_badge = QLabel(body)
        self.drill_badge.setProperty("badge", "drill")
        self.as_of = QLabel(body)
        self.as_of.setTextFormat(Qt.TextFormat.PlainText)
        self.export_button = QPushButton(body)
        self.export_button.setObjectName("exportBundle")
        self.export_button.clicked.connect(self.open_export)
        header.addWidget(self.heading)
        header.addWidget(self.drill_badge)
        header.addStretch(1)
        header.addWidget(self.as_of)
        header.addWidget(self.export_button)
        layout.addLayout(header)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.tiles: dict[str, Tile] = {}
        for index, key in enumerate(TILE_KEYS):
            tile = Tile(key, body)
            self.tiles[key] = tile
            grid.addWidget(tile, index // 5, index % 5)
        layout.addLayout(grid)
        # each unit of the media network (shown when the incident involves units)
        self.units_title = QLabel(body)
        self.units_title.setObjectName("sectionTitle")
        self.units_model = UnitKpisModel(ctx.prefs, self)
        self.units_table = QTableView(body)
        self.units_table.setObjectName("unitKpis")
        self.units_table.setModel(self.units_model)
        self.units_table.verticalHeader().setVisible(False)
        self.units_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.units_table.setMinimumHeight(150)
        layout.addWidget(self.units_title)
        layout.addWidget(self.units_table)
        charts = QGridLayout()
        charts.setSpacing(12)
        self.chart_titles: dict[str, QLabel] = {}
        self.charts: dict[str, ChartView] = {}
        for index, key in enumerate(("volume", "backlog", "response")):
            label = QLabel(body)
            label.setWordWrap(True)
            chart = ChartView(body)
            chart.setObjectName(f"chart_{key}")
            self.chart_titles[key], self.charts[key] = label, chart
            charts.addWidget(label, 0, index)
            charts.addWidget(chart, 1, index)
        layout.addLayout(charts)
        lists = QGridLayout()
        lists.setSpacing(12)
        self.list_titles: dict[str, QLabel] = {}
        self.lists: dict[str, QListWidget] = {}
        for index, key in enumerate(("overdue", "approvals", "rumours")):
            label = QLabel(body)
            view = QListWidget(body)
            view.setObjectName(f"list_{key}")
            view.setMinimumHeight(120)
            view.setWordWrap(True)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.list_titles[key], self.lists[key] = label, view
            lists.addWidget(label, 0, index)
            lists.addWidget(view, 1, index)
        layout.addLayout(lists)
        tone = QGridLayout()
        tone.setSpacing(12)
        self.tone_title = QLabel(body)
        self.tone_title.setObjectName("sectionTitle")
        tone.addWidget(self.tone_title, 0, 0, 1, 3)
        for index, key in enumerate(("tone_time", "tone_channel")):
            label = QLabel(body)
            label.setWordWrap(True)
            chart = ChartView(body)
            chart.setObjectName(f"chart_{key}")
            self.chart_titles[key], self.charts[key] = label, chart
            tone.addWidget(label, 1, index)
            tone.addWidget(chart, 2, index)
        label = QLabel(body)
        label.setWordWrap(True)
        view = QListWidget(body)
        view.setObjectName("list_tone_statements")
        view.setMinimumHeight(120)
        view.setWordWrap(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_titles["tone_statements"], self.lists["tone_statements"] = label, view
        tone.addWidget(label, 1, 2)
        tone.addWidget(view, 2, 2)
        self.tone_summary = QLabel(body)
        self.tone_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.tone_summary.setObjectName("toneSummary")
        tone.addWidget(self.tone_summary, 3, 0, 1, 3)
        layout.addLayout(tone)
        layout.addStretch(1)
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.heading.setText(translate("Dashboard", "Dashboard"))
        self.drill_badge.setText(translate("Dashboard", "DRILL"))
        self.export_button.setText(translate("Dashboard", "Export review bundle…"))
        captions = {
            "first_approved": translate("Dashboard", "Activation to first approved statement"),
            "first_published": translate("Dashboard", "Activation to first published statement"),
            "turnaround": translate("Dashboard", "Approval turnaround (median / p90)"),
            "interactions": translate("Dashboard", "Interactions received"),
            "response": translate("Dashboard", "First response (median / p90)"),
            "within": translate("Dashboard", "Answered within target"),
            "overdue": translate("Dashboard", "Overdue interactions"),
            "clusters": translate("Dashboard", "Rumour clusters (count / largest)"),
            "checklist": translate("Dashboard", "Checklist done on time"),
            "decisions": translate("Dashboard", "Decisions recorded"),
        }
        for key, text in captions.items():
            self.tiles[key].caption.setText(text)
        self.chart_titles["volume"].setText(
            translate("Dashboard", "Interactions per hour by channel")
        )
        self.chart_titles["backlog"].setText(translate("Dashboard", "Open interactions (backlog)"))
        self.chart_titles["response"].setText(translate("Dashboard", "First-response times"))
        self.list_titles["overdue"].setText(translate("Dashboard", "Overdue tasks"))
        self.list_titles["approvals"].setText(translate("Dashboard", "Approvals waiting"))
        self.list_titles["rumours"].setText(translate("Dashboard", "Largest rumour clusters"))
        self.tone_title.setText(translate("Dashboard", "Tone of the public"))
        self.units_title.setText(translate("Dashboard", "Indicators per unit"))
        self.units_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 8)
        self.chart_titles["tone_time"].setText(translate("Dashboard", "Messages per hour by tone"))
        self.chart_titles["tone_channel"].setText(
            translate("Dashboard", "Negative messages by channel (%)")
        )
        self.list_titles["tone_statements"].setText(
            translate("Dashboard", "Negative tone two hours before and after each statement")
        )
        role = self.ctx.desk.user.role if self.ctx.desk.user else ""
        self.export_button.setVisible(can(role, Action.EXPORT_RUN))
        if self.data is not None:
            self.show_data(self.data)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Reload in the background; one load at a time (a big incident takes seconds)."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        desk, incident_id = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(
            lambda: desk.review.dashboard(incident_id), self.show_data, self._failed, owner=self
        )

    def on_changes(self, changes: Changes) -> None:
        if changes.room:
            self._timer.start()  # several decisions in a burst make one reload

    def _failed(self, message: str) -> None:
        self._loaded_once()
        self.as_of.setText(message)

    def _loaded_once(self) -> None:
        self._loading = False
        if self._stale:  # decisions came in while loading: load again, soon
            self._stale = False
            self._timer.start()

    def show_data(self, data: dict[str, Any]) -> None:
        self._loaded_once()
        self.data = data
        self.loaded = True
        prefs = self.ctx.prefs
        self.drill_badge.setVisible(bool(data["incident"]["drill"]))
        from crisisdesk.clock import parse_utc

        self.as_of.setText(
            translate("Dashboard", "as of %1").replace(
                "%1", date_time(parse_utc(data["as_of"]), prefs, seconds=False)
            )
        )
        for key, value in self._values(data).items():
            self.tiles[key].value.setText(directed(value, prefs))
        it = data["interactions"]
        self.charts["volume"].set_lines(
            {channel_name(c): hours for c, hours in it["by_channel_hour"].items()}
        )
        hour, count = translate("Dashboard", "hour"), translate("Dashboard", "messages")
        self.charts["volume"].set_axes(hour, count, prefs)
        self.charts["backlog"].set_axes(hour, count, prefs)
        self.charts["response"].set_axes(
            translate("Dashboard", "time to first reply"), count, prefs
        )
        self.charts["tone_time"].set_axes(hour, count, prefs)
        self.charts["tone_channel"].set_axes(
            translate("Dashboard", "channel"), translate("Dashboard", "% negative"), prefs
        )
        backlog = {translate("Dashboard", "open"): {b["hour"]: b["open"] for b in it["backlog"]}}
        self.charts["backlog"].set_lines(backlog)
        self.charts["response"].set_bars(
            _bucket_labels(), [b["count"] for b in it["first_response_s"]["histogram"]]
        )
        self._fill(
            "overdue",
            [
                f"{safe_text(t['title_ar'] if prefs.rtl else t['title_en'], limit=120)} — "
                f"{date_time(parse_utc(t['due_at']), prefs, seconds=False)}"
                for t in data.get("overdue_tasks", [])
            ],
        )
        self._fill(
            "approvals",
            [
                f"#{number(a['id'], prefs)} "
                + safe_text(a["title_ar"] if prefs.rtl else a["title_en"], limit=120)
                for a in data.get("waiting_approvals", [])
            ],
        )
        unnamed = translate("Dashboard", "cluster %1")
        self._fill(
            "rumours",
            [
                f"{number(c['size'], prefs)} × "
                + (
                    safe_text(c["label"], limit=120)
                    if c["label"]
                    else f"«{safe_text(c['sample'], limit=120)}»"
                    if c.get("sample")
                    else unnamed.replace("%1", number(c["id"], prefs))
                )
                for c in data["clusters"]["top"]
            ],
        )

        self._show_tone(data.get("tone"))
        units = data.get("units") or []
        self.units_model.set_items(units)
        self.units_title.setVisible(bool(units))
        self.units_table.setVisible(bool(units))

    def _show_tone(self, tone: dict[str, Any] | None) -> None:
        """The tone panels: lines per tone over time, negative share per channel, and the
        change around each published statement."""
        prefs = self.ctx.prefs
        if not tone:
            tone = {"by_hour": {}, "by_channel": {}, "statements": [], "scored": 0}
        names = {
            "negative": translate("Dashboard", "negative"),
            "neutral": translate("Dashboard", "neutral"),
            "positive": translate("Dashboard", "positive"),
        }
        self.charts["tone_time"].set_lines(
            {
                names[t]: {hour: counts[t] for hour, counts in tone["by_hour"].items()}
                for t in ("negative", "neutral", "positive")
            },
            {names[t]: TONE_COLOURS[t] for t in TONE_COLOURS},
        )
        channels = sorted(tone["by_channel"])
        self.charts["tone_channel"].set_bars(
            [channel_name(c) for c in channels],
            [round(tone["by_channel"][c]["negative_pct"] or 0) for c in channels],
        )
        lines = []
        for item in tone["statements"]:
            title = item["title_ar"] if prefs.rtl else item["title_en"]
            before, after = item["before"]["negative_pct"], item["after"]["negative_pct"]
            change = item["negative_change_pts"]

            def pct(value: float | None) -> str:
                return "—" if value is None else number(round(value), prefs) + "%"

            line = (
                f"#{number(item['statement'], prefs)} {safe_text(title, limit=80)}: "
                + translate("Dashboard", "%1 before, %2 after")
                .replace("%1", pct(before))
                .replace("%2", pct(after))
            )
            if change is not None:
                line += (
                    " ("
                    + (
                        translate("Dashboard", "calmer")
                        if change < 0
                        else translate("Dashboard", "angrier")
                        if change > 0
                        else translate("Dashboard", "no change")
                    )
                    + ")"
                )
            lines.append(line)
        self._fill("tone_statements", lines)
        if tone["scored"]:
            emotions = tone.get("emotions", {})
            self.tone_summary.setText(
                directed(
                    translate(
                        "Dashboard",
                        "%1 messages scored: %2% negative, net %3; anger %4, fear %5",
                    )
                    .replace("%1", number(tone["scored"], prefs))
                    .replace("%2", number(round(tone["negative_pct"] or 0), prefs))
                    .replace("%3", number(round(tone["net"] or 0), prefs))
                    .replace("%4", number(emotions.get("anger", 0), prefs))
                    .replace("%5", number(emotions.get("fear", 0), prefs)),
                    prefs,
                )
            )
        else:
            self.tone_summary.setText(translate("Dashboard", "No message scored yet"))

    def _fill(self, key: str, lines: list[str]) -> None:
        """Lines whose untrusted parts are already made safe by ``safe_text``."""
        view = self.lists[key]
        view.clear()
        for line in lines:
            view.addItem(directed(line, self.ctx.prefs))
        if not lines:
            view.addItem(translate("Dashboard", "None"))

    def _values(self, data: dict[str, Any]) -> dict[str, str]:
        prefs = self.ctx.prefs
        st, it, cl, ck = (data[k] for k in ("statements", "interactions", "clusters", "checklist"))

        def span(seconds: int | None) -> str:
            return "—" if seconds is None else age(timedelta(seconds=seconds), prefs)

        turn, resp = st["approval_turnaround_s"], it["first_response_s"]
        pct = it["within_target_pct"]
        return {
            "first_approved": span(st["activation_to_first_approved_s"]),
            "first_published": span(st["activation_to_first_published_s"]),
            "turnaround": f"{span(turn['median'])} / {span(turn['p90'])}",
            "interactions": number(it["total"], prefs),
            "response": f"{span(resp['median'])} / {span(resp['p90'])}",
            "within": "—"
            if pct is None
            else translate("Dashboard", "%1 %").replace("%1", number(round(pct), prefs)),
            "overdue": number(it["overdue"], prefs),
            "clusters": f"{number(cl['count'], prefs)} / {number(cl['largest'], prefs)}",
            "checklist": f"{number(ck['done_on_time'], prefs)} / {number(ck['due'], prefs)}",
            "decisions": number(data["decisions"]["total"], prefs),
        }

    # ----------------------------------------------------------------- export
    def open_export(self) -> None:
        from crisisdesk.ui.export_wizard import ExportWizard

        self.wizard = ExportWizard(self.ctx, self)
        self.wizard.show()


def _bucket_labels() -> list[str]:
    return [
        translate("Dashboard", "<5m"),
        translate("Dashboard", "<15m"),
        translate("Dashboard", "<30m"),
        translate("Dashboard", "<1h"),
        translate("Dashboard", "<2h"),
        translate("Dashboard", "<4h"),
        translate("Dashboard", "<12h"),
        translate("Dashboard", "<24h"),
        translate("Dashboard", "more"),
    ]
