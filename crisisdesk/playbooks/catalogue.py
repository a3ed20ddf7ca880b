"""The playbook catalogue: the bundled library plus the playbooks a lead added, and adding.

Adding a playbook changes what every later incident can activate, so it is a decision
(``playbook.added`` with the id, version and content hash) taken under the permission
``playbook.add``. The file is validated first and copied byte for byte into the added
playbooks folder, so what the log's hash names is exactly what the library holds.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crisisdesk.errors import ConflictError, InputError, RefusedError
from crisisdesk.log.kinds import Kind
from crisisdesk.playbooks.library import (
    bundled_library,
    library_dir,
    load_cached,
    user_library_dir,
    user_playbook_files,
)
from crisisdesk.playbooks.loader import (
    FOLDER_FILE,
    FileRefused,
    Validation,
    playbook_files,
    read_bounded,
    validate_text,
)
from crisisdesk.playbooks.model import Playbook
from crisisdesk.playbooks.validator import Problem
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

BUNDLED = "bundled"
ADDED = "added"


@dataclass(frozen=True)
class CatalogueEntry:
    """One playbook of the library and where it comes from (``bundled`` or ``added``)."""

    playbook: Playbook
    source: str
    path: Path


@dataclass(frozen=True)
class SkippedFile:
    """A file in the added folder that the library leaves out, and why (one line)."""

    path: Path
    reason: str


class PlaybookCatalogue:
    """``desk.playbooks``: browse the library, read any file, add a playbook (a decision)."""

    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    def recorded(self) -> set[str]:
        """Content hashes of the playbooks added with ``playbooks add`` (their decisions)."""
        from sqlalchemy import select

        from crisisdesk.storage.models import Decision

        hashes: set[str] = set()
        with self.desk.db.read() as session:
            for body in session.scalars(
                select(Decision.body).where(Decision.kind == "playbook.added")
            ):
                try:
                    digest = json.loads(body).get("payload", {}).get("content_hash")
                except (ValueError, AttributeError):
                    continue
                if isinstance(digest, str):
                    hashes.add(digest)
        return hashes

    def admitted(self, book: Playbook) -> bool:
        """True for a bundled playbook, or one a lead added (a ``playbook.added`` decision
        records its exact content); a file dropped into the folder is not admitted."""
        bundled = _bundled_hashes()
        return book.content_hash in bundled or book.content_hash in self.recorded()

    def require_admitted(self, book: Playbook) -> None:
        """Refuse a playbook that did not enter the library through ``playbooks add``."""
        if not self.admitted(book):
            raise RefusedError(
                f"playbook {book.id!r} was not added to the library with `crisisdesk playbooks "
                "add` (no decision records it): a lead adds it first"
            )

    def entries(self) -> list[CatalogueEntry]:
        """The bundled playbooks, then the added ones, in library order."""
        paths: dict[str, tuple[str, Path]] = {}
        for source, files in (
            (BUNDLED, playbook_files([library_dir()])),
            (ADDED, user_playbook_files()),
        ):
            for path in files:
                try:
                    book = load_cached(path)
                except InputError:
                    continue
                paths.setdefault(book.id, (source, path))
        recorded = self.recorded() | _bundled_hashes()
        return [
            CatalogueEntry(book, *paths[book.id])
            for book in bundled_library()
            if book.content_hash in recorded
        ]

    def skipped(self) -> list[SkippedFile]:
        """Added files left out of the library: broken, or reusing a known id."""
        bundled = {load_cached(p).id for p in playbook_files([library_dir()])}
        recorded = self.recorded()
        seen: set[str] = set()
        out: list[SkippedFile] = []
        for path in user_playbook_files():
            try:
                book = load_cached(path)
            except InputError as exc:
                out.append(SkippedFile(path, str(exc)))
                continue
            if book.id in bundled or book.id in seen:
                out.append(SkippedFile(path, f"playbook id {book.id!r} is already used"))
                continue
            if book.content_hash not in recorded:
                out.append(
                    SkippedFile(
                        path,
                        "ignored: not added with `crisisdesk playbooks add` (a file dropped into "
                        "the folder does not join the library)",
                    )
                )
                continue
            seen.add(book.id)
        return out

    def add(self, path: str | Path) -> CatalogueEntry:
        """Validate the playbook at ``path`` and copy it into the added library.

        Refused for a role without ``playbook.add`` (and logged), for a broken file (the
        first problem's place), for a bundled id, and for a changed playbook that keeps the
        version of the one it would replace.
        """
        with self.desk.transaction(Action.PLAYBOOK_ADD) as uow:
            source = Path(path)
            file = source / FOLDER_FILE if source.is_dir() else source
            raw, result = _read_and_validate(file)
            book = result.playbook
            if book is None:
                first = result.problems[0]
                raise InputError(first.path, first.line, first.message, first.column)
            if _is_bundled(book.id):
                raise ConflictError(
                    f"{file}: playbook id {book.id!r} is a bundled playbook; choose another id"
                )
            target = user_library_dir() / f"{book.id}.yaml"
            previous = _current(book.id)
            if previous is not None:
                if previous.content_hash == book.content_hash:
                    raise ConflictError(
                        f"{file}: playbook {book.id!r} {book.version} is already in the library"
                    )
                if previous.version == book.version:
                    raise ConflictError(
                        f"{file}: playbook {book.id!r} differs from the one in the library but "
                        f"keeps version {book.version}; raise the version"
                    )
            uow.decide(
                Kind.PLAYBOOK_ADDED,
                subject=f"playbook:{book.id}",
                summary_ar=f"إضافة دليل السيناريو «{book.title.ar}» الإصدار {book.version}",
                summary_en=f"added playbook “{book.title.en}” version {book.version}",
                payload={
                    "id": book.id,
                    "version": book.version,
                    "content_hash": book.content_hash,
                    "file": file.name,
                    "replaces": previous.content_hash if previous is not None else None,
                },
            )
            _write_atomically(target, raw)
        return CatalogueEntry(book, ADDED, target)


def _read_and_validate(file: Path) -> tuple[bytes, Validation]:
    """The file's bytes and their validation, from one read (what is checked is what is kept)."""
    try:
        raw = read_bounded(file)
    except FileRefused as exc:
        problem = Problem(str(file), exc.line, exc.line, exc.reason)
        return b"", Validation(str(file), None, [problem])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(str(file), line, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")
        return raw, Validation(str(file), None, [problem])
    return raw, validate_text(text, str(file))


def _bundled_hashes() -> set[str]:
    return {load_cached(p).content_hash for p in playbook_files([library_dir()])}


def _is_bundled(playbook_id: str) -> bool:
    return any(load_cached(p).id == playbook_id for p in playbook_files([library_dir()]))


def _current(playbook_id: str) -> Playbook | None:
    """The added playbook with this id now in the library, if any."""
    return next((b for b in bundled_library() if b.id == playbook_id), None)


def _write_atomically(target: Path, raw: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a playbook."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(raw)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
