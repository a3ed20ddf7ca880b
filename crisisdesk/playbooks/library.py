"""The playbooks bundled with CrisisDesk, then those a lead added, found by id.

The library is read once and cached per file (path, size and modification time), so
browsing it repeatedly costs nothing while an edited file is still picked up. Added
playbooks live in the data folder's ``playbooks`` folder and come after the bundled
ones; an added playbook can never shadow a bundled id.
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


def user_library_dir() -> Path:
    """The folder of added playbooks, in the data folder (not created here)."""
    from crisisdesk.storage.location import data_dir_path

    return data_dir_path() / "playbooks"


def load_cached(path: Path) -> Playbook:
    """`load_playbook`, remembered in this process until the file changes, and across runs
    by the validated-playbook cache (`validated_cache`)."""
    stat = path.stat()
    key = (stat.st_size, stat.st_mtime_ns)
    hit = _cache.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    from crisisdesk.playbooks.validated_cache import load_validated

    book = load_validated(path)
    _cache[path] = (key, book)
    return book


def bundled_library() -> list[Playbook]:
    """Every bundled playbook sorted by id, then every sound added one sorted by id.

    A broken or duplicated bundled playbook is an `InputError`; a broken added file or one
    reusing a known id is left out (the playbooks catalogue reports it).
    """
    books: dict[str, Playbook] = {}
    for path in playbook_files([library_dir()]):
        book = load_cached(path)
        if book.id in books:
            raise InputError(path, 1, f"playbook id {book.id!r} is used twice in the library", 1)
        books[book.id] = book
    bundled = [books[k] for k in sorted(books)]
    added: dict[str, Playbook] = {}
    for path in user_playbook_files():
        try:
            book = load_cached(path)
        except InputError:
            continue
        if book.id not in books and book.id not in added:
            added[book.id] = book
    return bundled + [added[k] for k in sorted(added)]


def user_playbook_files() -> list[Path]:
    """The files in the added-playbooks folder (none when it does not exist yet)."""
    folder = user_library_dir()
    return playbook_files([folder]) if folder.is_dir() else []


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
