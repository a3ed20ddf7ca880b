"""The playbooks bundled with CrisisDesk, found by id.

The library is read once and cached per file (path, size and modification time), so
browsing it repeatedly costs nothing while an edited file is still picked up.
"""

from __future__ import annotations

from pathlib import Path

from crisisdesk.errors import InputError, NotFoundError
from crisisdesk.playbooks.loader import load_playbook, playbook_files
from crisisdesk.playbooks.model import Playbook

_cache: dict[Path, tuple[tuple[int, int], Playbook]] = {}


def library_dir() -> Path:
    """The folder of the bundled playbooks (inside the package, read-only when frozen)."""
    return Path(__file__).resolve().parent / "library"


def load_cached(path: Path) -> Playbook:
    """`load_playbook`, remembered until the file changes."""
    stat = path.stat()
    key = (stat.st_size, stat.st_mtime_ns)
    hit = _cache.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    book = load_playbook(path)
    _cache[path] = (key, book)
    return book


def bundled_library() -> list[Playbook]:
    """Every bundled playbook, sorted by id; a broken or duplicated one is an `InputError`."""
    books: dict[str, Playbook] = {}
    for path in playbook_files([library_dir()]):
        book = load_cached(path)
        if book.id in books:
            raise InputError(path, 1, f"playbook id {book.id!r} is used twice in the library", 1)
        books[book.id] = book
    return [books[k] for k in sorted(books)]


def find_playbook(ref: str) -> Playbook:
    """The library playbook with id ``ref``, or the playbook at path ``ref``."""
    library = bundled_library()
    for book in library:
        if book.id == ref:
            return book
    path = Path(ref)
    if path.exists() and (path.is_file() or (path / "playbook.yaml").is_file()):
        return load_playbook(path)
    known = ", ".join(b.id for b in library) or "none"
    raise NotFoundError(f"no playbook {ref!r} in the library (known: {known})")
