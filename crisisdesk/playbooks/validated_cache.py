"""Validated playbooks remembered across runs, so a large added playbook is checked once.

Validating a playbook reads it with positions, cross-checks it and renders every template
(seconds for a large one); every ``playbooks list`` and ``incident open`` paid that again.
Once a file's exact bytes have passed, its parsed data is kept in the data folder under the
SHA-256 of those bytes and of this version of the validator; the next run reads the same
bytes, finds the entry and builds the playbook from it without the slow checks. A changed
file, a new CrisisDesk version or a damaged entry simply means validating again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import ValidationError

from crisisdesk import __version__
from crisisdesk.errors import InputError
from crisisdesk.playbooks.loader import FileRefused, read_bounded, validate_text
from crisisdesk.playbooks.model import Playbook

__all__ = ["CACHE_FORMAT", "cache_dir", "load_validated"]

CACHE_FORMAT = f"crisisdesk-validated-playbook-v1/{__version__}"


def library_dir() -> Path:
    return (Path(__file__).resolve().parent / "library").resolve()


def cache_dir() -> Path:
    from crisisdesk.storage.location import data_dir_path

    return data_dir_path() / "cache" / "playbooks"


def _key(raw: bytes) -> str:
    return hashlib.sha256(CACHE_FORMAT.encode() + b"\x00" + raw).hexdigest()


def load_validated(path: Path, *, use_cache: bool = True) -> Playbook:
    """The playbook in ``path``, validated now or on an earlier run of the same bytes."""
    try:
        raw = read_bounded(path)
    except FileRefused as exc:
        raise InputError(str(path), exc.line, exc.reason, exc.line) from None
    key = _key(raw)
    entry = cache_dir() / f"{key}.json"
    if use_cache:
        cached = _read_entry(entry)
        if cached is not None:
            return cached
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    # The bundled library ships rendered and checked by the test suite (every template with
    # edge values); rendering it again at every start would only cost time. Added
    # playbooks are rendered in the sandbox before they are accepted.
    bundled = path.resolve().parent == library_dir()
    result = validate_text(text, str(path), render=not bundled)
    if result.playbook is None:
        first = result.problems[0]
        raise InputError(first.path, first.line, first.message, first.column)
    if use_cache:
        _write_entry(entry, result.playbook)
    return result.playbook


def _read_entry(entry: Path) -> Playbook | None:
    try:
        data = json.loads(read_bounded(entry, 64 * 1024 * 1024))
        book = Playbook.model_validate(data["playbook"], context={"skip_cross_checks": True})
    except (FileRefused, ValueError, KeyError, TypeError, ValidationError):
        return None  # absent or damaged: validate again
    return book if book.content_hash == data.get("content_hash") else None


def _write_entry(entry: Path, book: Playbook) -> None:
    body = json.dumps(
        {"format": CACHE_FORMAT, "content_hash": book.content_hash, "playbook": book.to_data()},
        ensure_ascii=False,
    ).encode("utf-8")
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(body)
        os.replace(temporary, entry)
    except OSError:
        return  # a read-only data folder only costs speed
    finally:
        if temporary.exists():
            temporary.unlink()
