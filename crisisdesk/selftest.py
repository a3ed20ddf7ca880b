"""The installed app checks itself: every path that needs a shipped file runs once.

A frozen build that forgot a data file (a migration, a playbook, a font, the Arabic
catalogue, the tzdata zones) only fails on the operator's laptop in the middle of a
crisis. ``crisisdesk selftest`` runs each such path against a throw-away database in a
folder of its own, one line per check, so the build script (and a support call) can
prove the installed copy is whole. Qt is imported only by the settings and screenshot
checks.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import crisisdesk
from crisisdesk.storage import location

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.playbooks import TemplateSpec

SELFTEST_DB = "selftest.db"
SELFTEST_USER = "selftest"
SELFTEST_PASSWORD = "only-for-the-self-check-run"
SELFTEST_TITLE = "اختبار ذاتي للتثبيت"
# Resources the running app opens by name; a missing one is a broken build.
REQUIRED_RESOURCES = (
    "icons/app.svg",
    "fonts/NotoNaskhArabic-Regular.ttf",
    "fonts/NotoSans-Regular.ttf",
    "themes/light.qss",
    "i18n/crisisdesk_ar.qm",
)
SCREENSHOT_LANGUAGES = ("ar", "en")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict: a short name, pass or fail, and one line of detail."""

    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"{mark} {self.name}: {self.detail} ({self.seconds:.2f}s)"


class CheckFailed(Exception):
    """A check found something wrong; the message is its one-line detail."""


@dataclass
class _Run:
    """What the checks share: the output folder, the open desk, the incident opened."""

    out: Path
    desk: Desk | None = None
    incident_id: int | None = None
    statement: dict[str, str] = field(default_factory=dict)
    shots: list[Path] = field(default_factory=list)

    def need_desk(self) -> Desk:
        if self.desk is None:
            raise CheckFailed("skipped: the database check failed")
        return self.desk


def resources_dir() -> Path:
    return Path(crisisdesk.__file__).resolve().parent / "resources"


def _check_version(run: _Run) -> str:
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    mode = "portable" if location.is_portable() else "installed"
    return (
        f"crisisdesk {crisisdesk.__version__} ({frozen}, {mode}), Python "
        f"{sys.version.split()[0]} on {sys.platform}"
    )


def _check_folders(run: _Run) -> str:
    """Where data, exports and settings go; portable mode must keep all of it on the stick."""
    data = location.data_dir()
    exports = location.exports_dir()
    settings = location.settings_file()
    if location.is_portable():
        home = location.program_dir()
        outside = [p for p in (data, exports, settings) if p is not None and home not in p.parents]
        if outside or settings is None:
            raise CheckFailed(f"portable, but {outside or 'settings'} not beside {home}")
    where = settings if settings is not None else "the OS settings store"
    return f"data {data}, exports {exports}, settings {where}"


def _check_settings(run: _Run) -> str:
    """The desktop settings open where `location` says (an INI file beside a portable app)."""
    from crisisdesk.ui.settings import UiSettings

    store = UiSettings().store
    expected = location.settings_file()
    if expected is not None and Path(store.fileName()).resolve() != expected.resolve():
        raise CheckFailed(f"settings at {store.fileName()}, expected {expected}")
    return f"settings at {store.fileName()} ({store.format().name})"


def _check_resources(run: _Run) -> str:
    base = resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (base / name).is_file()]
    if missing:
        raise CheckFailed(f"missing in {base}: {', '.join(missing)}")
    fonts = sorted(p.name for p in (base / "fonts").glob("*.ttf"))
    icons = sorted((base / "icons").glob("*.svg"))
    catalogues = sorted(p.name for p in (base / "i18n").glob("*.qm"))
    return f"{len(icons)} icons, {len(fonts)} fonts, catalogues {', '.join(catalogues)}"


def _check_timezone(run: _Run) -> str:
    """Windows has no IANA database; zoneinfo must find the tzdata package we ship."""
    from zoneinfo import ZoneInfo

    import tzdata  # type: ignore[import-untyped]

    riyadh = ZoneInfo("Asia/Riyadh")
    offset = datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone(riyadh).utcoffset()
    if offset is None or offset.total_seconds() != 3 * 3600:
        raise CheckFailed(f"Asia/Riyadh has offset {offset}, expected +03:00")
    return f"Asia/Riyadh +03:00 (tzdata {tzdata.IANA_VERSION})"


def _check_database(run: _Run) -> str:
    from crisisdesk.desk import Desk
    from crisisdesk.storage import migrate

    path = run.out / SELFTEST_DB
    location.remove_sqlite_files(path)
    desk = Desk.open(location.sqlite_url(path), create=True)
    run.desk = desk
    current = migrate.current_revisions(desk.db)
    heads = migrate.known_heads()
    if current != heads:
        raise CheckFailed(f"schema at {sorted(current)}, expected {sorted(heads)}")
    count = len(migrate.known_revisions())
    return f"{path.name} created, {count} migrations applied, head {', '.join(sorted(heads))}"


def _check_playbooks(run: _Run) -> str:
    from crisisdesk.playbooks import bundled_library, library_dir

    books = bundled_library()
    if not books:
        raise CheckFailed(f"no playbook in {library_dir()}")
    return f"{len(books)} loaded and valid: {', '.join(b.id for b in books)}"


def _typed_values(template: TemplateSpec, prefilled: set[str]) -> Iterator[tuple[str, Any]]:
    """What an operator would type: each variable's example (or first choice)."""
    from crisisdesk.playbooks.dry_run import sample_values

    for name, value in sample_values(template.variables, optionals=True).items():
        if name not in prefilled:
            yield name, value


def _check_template(run: _Run) -> str:
    """Render every bundled template in both languages, pre-filled like the form does."""
    from crisisdesk.playbooks import bundled_library
    from crisisdesk.statements.variables import (
        IncidentFacts,
        form_fields,
        render_template,
        validate_values,
    )

    facts = IncidentFacts(incident_title="Self-test", hotline="940")
    rendered = 0
    chars = 0
    for book in bundled_library():
        for template in book.templates:
            fields = form_fields(template, facts, book.defaults)
            prefilled = {f.name for f in fields if f.prefill is not None}
            raw = dict(_typed_values(template, prefilled))
            values, errors = validate_values(fields, raw)
            if errors:
                raise CheckFailed(f"{book.id}/{template.id}: {errors}")
            texts = render_template(template, values)
            run.statement = run.statement or {str(lang): text for lang, text in texts.items()}
            for lang, text in texts.items():
                if not text.strip() or "{{" in text:
                    raise CheckFailed(f"{book.id}/{template.id} ({lang}) rendered badly")
                chars += len(text)
            rendered += 1
    if not rendered:
        raise CheckFailed("the library has no statement template")
    return f"{rendered} templates rendered in Arabic and English ({chars} characters)"


def _check_pdf(run: _Run) -> str:
    """A press release PDF: the bundled fonts, HarfBuzz shaping and fpdf2 all load."""
    from crisisdesk.statements.pdf import PressRelease, render_press_release

    if not run.statement:
        raise CheckFailed("skipped: no template was rendered")
    release = PressRelease(
        title={"ar": SELFTEST_TITLE, "en": "Installation self-test"},
        texts=run.statement,
        issued_at=datetime.now(UTC),
    )
    data = render_press_release(release)
    if not data.startswith(b"%PDF-"):
        raise CheckFailed("the press release is not a PDF")
    out = run.out / "selftest-press-release.pdf"
    out.write_bytes(data)
    return f"{out.name} written ({len(data) // 1024} KiB, Arabic shaped with HarfBuzz)"


def _check_drivers(run: _Run) -> str:
    """SQLite for one laptop, psycopg's compiled libpq for the shared PostgreSQL server."""
    import sqlite3

    import psycopg

    impl = psycopg.pq.__impl__
    if impl not in ("binary", "c"):
        raise CheckFailed(f"psycopg runs its slow {impl!r} implementation; libpq not bundled")
    libpq = psycopg.pq.version()
    return f"SQLite {sqlite3.sqlite_version}, psycopg {psycopg.__version__} ({impl}, libpq {libpq})"


def _check_decision(run: _Run) -> str:
    """Sign in, open a drill incident from a playbook, checkpoint, verify the chain."""
    from crisisdesk.playbooks import bundled_library

    desk = run.need_desk()
    desk.users.create_first_admin(SELFTEST_USER, SELFTEST_PASSWORD, "Self-test")
    desk.sign_in(SELFTEST_USER, SELFTEST_PASSWORD)
    books = bundled_library()
    book = next((b for b in books if b.hazard == "flood"), books[0])
    incident = desk.incidents.open(SELFTEST_TITLE, 2, drill=True, playbook_id=book.id)
    run.incident_id = incident.id
    desk.log.checkpoint("selftest")
    verdict = desk.log.verify()
    if not verdict.ok:
        raise CheckFailed(verdict.describe())
    return f"{verdict.entries} decisions written and verified; {verdict.describe()}"


def _check_secrets(run: _Run) -> str:
    desk = run.need_desk()
    return desk.secrets.status()


def _check_screenshot(run: _Run) -> str:
    """Draw the incident room offscreen through the same code as ``crisisdesk screenshot``."""
    desk = run.need_desk()
    if run.incident_id is None:
        raise CheckFailed("skipped: no incident was opened")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from crisisdesk.ui.i18n import catalogues
    from crisisdesk.ui.screenshot import render, views

    app = QApplication.instance() or QApplication(["crisisdesk"])
    view = "overview" if "overview" in views() else views()[-1]
    for lang in SCREENSHOT_LANGUAGES:
        out = run.out / f"selftest-{view}-{lang}.png"
        out.unlink(missing_ok=True)
        render(desk, view, out, lang=lang, incident_id=run.incident_id)
        with out.open("rb") as handle:
            if handle.read(8) != PNG_SIGNATURE:
                raise CheckFailed(f"{out} is not a PNG")
        run.shots.append(out)
    loaded = [p.name for p in catalogues("ar")]
    if "crisisdesk_ar.qm" not in loaded:
        raise CheckFailed(f"the Arabic catalogue did not load (found {loaded})")
    del app
    names = ", ".join(str(p) for p in run.shots)
    return f"{view} drawn ({names}); catalogues {', '.join(loaded)}"


QT_CHECKS = ("settings", "screenshot")
Check = Callable[[_Run], str]
CHECKS: list[tuple[str, Check]] = [
    ("version", _check_version),
    ("folders", _check_folders),
    ("resources", _check_resources),
    ("timezone", _check_timezone),
    ("drivers", _check_drivers),
    ("database", _check_database),
    ("playbooks", _check_playbooks),
    ("template", _check_template),
    ("pdf", _check_pdf),
    ("decision", _check_decision),
    ("secrets", _check_secrets),
    ("settings", _check_settings),
    ("screenshot", _check_screenshot),
]


def run_selftest(
    out: Path,
    *,
    gui: bool = True,
    report: Callable[[CheckResult], None] | None = None,
) -> list[CheckResult]:
    """Run every check in order (one failing does not stop the rest); returns the results.

    ``out`` receives the throw-away database and the screenshots; ``gui=False`` skips the
    checks that need Qt. The test's signing
    key is removed from the keyring afterwards, so nothing is left on the machine but
    ``out``.
    """
    out.mkdir(parents=True, exist_ok=True)
    run = _Run(out=out)
    results: list[CheckResult] = []
    try:
        for name, check in CHECKS:
            if name in QT_CHECKS and not gui:
                continue
            started = time.perf_counter()
            try:
                detail, ok = check(run), True
            except CheckFailed as exc:
                detail, ok = str(exc), False
            except Exception as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                detail, ok = f"{type(exc).__name__}: {first}", False
            result = CheckResult(name, ok, detail, time.perf_counter() - started)
            results.append(result)
            if report is not None:
                report(result)
    finally:
        if run.desk is not None:
            _forget_signing_key(run.desk)
            run.desk.close()
    return results


def _forget_signing_key(desk: Desk) -> None:
    from crisisdesk.secrets import SecretError
    from crisisdesk.storage import signing

    with contextlib.suppress(SecretError):
        desk.secrets.delete(signing.key_name(desk.log_id))
