"""Read playbook YAML with the line and column of every key and value, then validate it.

PyYAML's ``safe_load`` forgets where things were, so we compose the node tree (libyaml
when available, for speed) and build the data ourselves, recording each key path's
position. Every problem, from a YAML syntax error to an undeclared template variable,
is then reported at its place in the file. Hostile input (huge alias fans, deep
nesting, odd tags, bad bytes) ends as a problem, never as an exception.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from crisisdesk.errors import InputError
from crisisdesk.playbooks.model import Playbook
from crisisdesk.playbooks.validator import (
    Finding,
    Loc,
    Problem,
    cross_check,
    translate_errors,
)

MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
FOLDER_FILE = "playbook.yaml"

_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


_KNOWN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


def _short_tag(tag: str) -> str:
    """``!!python/name:x`` as the author wrote it, bounded for a one-line message."""
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:") :]
    return tag if len(tag) <= 80 else tag[:77] + "..."


class Position(NamedTuple):
    """Where a key and its value start (0-based, as YAML marks are) and the value's style."""

    key_line: int
    key_column: int
    line: int
    column: int
    style: str | None


class _Stop(Exception):
    """The document is too big or too deep to go on; the reason is already recorded."""


@dataclass
class Document:
    """A YAML file read into plain data, with positions and the problems met on the way."""

    path: str
    text: str = ""
    data: Any = None
    positions: dict[Loc, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[Loc] = field(default_factory=set)

    def problem(self, line: int | None, column: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, message))

    def locate(self, finding: Finding) -> Problem:
        """Place a finding at the nearest recorded position of its key path."""
        loc = finding.loc
        while loc and loc not in self.positions:
            loc = loc[:-1]
        pos = self.positions.get(loc)
        if pos is None:
            return Problem(self.path, 1, 1, str(finding))
        message = str(finding)
        if finding.at == "key" and loc == finding.loc:
            return Problem(self.path, pos.key_line + 1, pos.key_column + 1, message)
        line, column = pos.line + 1, pos.column + 1
        if finding.text_line is not None and loc == finding.loc and pos.style == "|":
            # A literal block starts on the line after its "|"; folded text has no such map.
            line = pos.line + 1 + finding.text_line
            lines = self.text.splitlines()
            if 0 < line <= len(lines):
                src = lines[line - 1]
                column = len(src) - len(src.lstrip(" ")) + 1
        return Problem(self.path, line, column, message)


def read_document(path: str | Path) -> Document:
    """Read and parse one YAML file into data and positions; never raises."""
    doc = Document(str(path))
    try:
        raw = read_bounded(path)
    except FileRefused as exc:
        doc.problem(exc.line, exc.line, exc.reason)
        return doc
    try:
        doc.text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        doc.problem(line, column, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")
        return doc
    parse_text(doc)
    return doc


class FileRefused(Exception):
    """A path that is not read: not a regular file, too large, or unreadable."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def read_bounded(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, checked before reading.

    The file is opened without blocking (a FIFO named ``.yaml`` would otherwise wait for a
    writer forever) and its kind and size are taken from the open descriptor, so a symlink
    to ``/dev/zero`` or a device is refused and a 3 GB file is never read; at most
    ``limit + 1`` bytes are read in case the file grows meanwhile.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not a regular file (a folder, device, pipe or socket is not read)")
        if info.st_size > limit:
            raise FileRefused(f"the file is larger than {limit // (1024 * 1024)} MB", 1)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileRefused(f"the file is larger than {limit // (1024 * 1024)} MB", 1)
    return b"".join(chunks)


def parse_text(doc: Document) -> None:
    """Compose ``doc.text`` and build ``doc.data`` with positions."""
    try:
        loader = _FastLoader(doc.text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError, MemoryError):
        _syntax_problem(doc)
        return
    if root is None:
        doc.problem(1, 1, "the file is empty: expected the keys of a playbook")
        return
    if not isinstance(root, MappingNode):
        doc.problem(
            root.start_mark.line + 1,
            root.start_mark.column + 1,
            "expected the keys of a playbook (a mapping) at the top level",
        )
        return
    doc.positions[()] = Position(
        root.start_mark.line,
        root.start_mark.column,
        root.start_mark.line,
        root.start_mark.column,
        None,
    )
    builder = _Builder(doc, yaml.SafeLoader(""))
    try:
        doc.data = builder.build(root, (), 0)
    except _Stop:
        doc.data = None


def _syntax_problem(doc: Document) -> None:
    """Report a YAML syntax error with the pure-Python parser's wording and place.

    libyaml and PyYAML word errors differently; re-parsing the (rare) broken file in
    Python gives the same message on every platform.
    """
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(doc.text)  # the reader already refuses control characters
        loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            what = f"{exc.problem} ({exc.context})"
        if mark is None:
            doc.problem(1, 1, f"YAML syntax error: {what}")
        else:
            doc.problem(mark.line + 1, mark.column + 1, f"YAML syntax error: {what}")
        return
    except yaml.reader.ReaderError as exc:
        before = doc.text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        doc.problem(
            line, column, f"YAML syntax error: character #x{exc.character:04x} is not allowed"
        )
        return
    except yaml.YAMLError as exc:
        doc.problem(1, 1, f"YAML syntax error: {str(exc).splitlines()[0]}")
        return
    except (RecursionError, MemoryError):
        doc.problem(1, 1, "YAML syntax error: nested too deeply")
        return
    finally:
        if loader is not None:
            loader.dispose()
    doc.problem(1, 1, "YAML syntax error: the file could not be parsed")  # pragma: no cover


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document, constructor: yaml.SafeLoader) -> None:
        self.doc = doc
        self.constructor = constructor
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: Node, message: str, path: Loc | None = None) -> None:
        self.doc.problem(node.start_mark.line + 1, node.start_mark.column + 1, message)
        if path is not None:
            self.doc.unreadable.add(path)  # already reported: no second complaint about it

    def build(self, node: Node, path: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, f"the document holds more than {MAX_NODES} values (aliases included)")
            raise _Stop
        if depth > MAX_DEPTH:
            self.fail(node, f"nested deeper than {MAX_DEPTH} levels")
            raise _Stop
        if node.tag not in _KNOWN_TAGS:
            # ``!!python/object/apply:...`` on a list would otherwise be read as a plain
            # list and the tag silently dropped: a playbook holds text, numbers and lists.
            self.fail(node, f"unknown YAML tag {_short_tag(node.tag)!r}: remove it", path)
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            self.fail(node, "an alias refers to the value that contains it", path)
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [
                    self.child(item, (*path, i), None, depth) for i, item in enumerate(node.value)
                ]
            if isinstance(node, MappingNode):
                return self.mapping(node, path, depth)
        finally:
            self.active.discard(id(node))
        return None  # pragma: no cover - the three node kinds are exhaustive

    def child(self, node: Node, path: Loc, key: Node | None, depth: int) -> Any:
        kmark = (key or node).start_mark
        self.doc.positions[path] = Position(
            kmark.line,
            kmark.column,
            node.start_mark.line,
            node.start_mark.column,
            getattr(node, "style", None),
        )
        return self.build(node, path, depth + 1)

    def mapping(self, node: MappingNode, path: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if knode.tag == _MERGE_TAG:
                # Nested merges can grow exponentially; a playbook spells its keys out.
                self.fail(knode, "merge keys ('<<') are not supported: write the keys out", path)
                continue
            if not isinstance(knode, ScalarNode):
                self.fail(knode, "a key must be plain text, not a list or mapping")
                continue
            key = self.scalar(knode, None)
            if not isinstance(key, str):
                self.fail(knode, f"the key {knode.value!r} must be text (put it in quotes)")
                continue
            if key in out:
                self.fail(knode, f"duplicate key {key!r}")
                continue
            out[key] = self.child(vnode, (*path, key), knode, depth)
        return out

    def scalar(self, node: ScalarNode, path: Loc | None) -> Any:
        if node.tag == _STR_TAG:
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # hostile scalars break PyYAML's constructors in many ways
            text = str(getattr(exc, "problem", None) or exc or type(exc).__name__)
            reason = text.splitlines()[0] if text.strip() else type(exc).__name__
            self.fail(node, f"cannot read the value {node.value[:40]!r}: {reason}", path)
            return None


# ---------------------------------------------------------------------------
# Validation.


@dataclass
class Validation:
    """The outcome of validating one file: the playbook when sound, else the problems."""

    path: str
    playbook: Playbook | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_file(path: str | Path) -> Validation:
    """Read and check one playbook file (or folder holding ``playbook.yaml``)."""
    return _validate(read_document(_playbook_file(Path(path))))


def validate_text(text: str, name: str = "<text>", *, render: bool = True) -> Validation:
    """Check playbook YAML held in memory (an editor's buffer); ``name`` labels problems."""
    doc = Document(name, text)
    parse_text(doc)
    return _validate(doc, render=render)


def _validate(doc: Document, *, render: bool = True) -> Validation:
    book: Playbook | None = None
    if doc.data is not None:
        findings = cross_check(doc.data)
        try:
            book = Playbook.model_validate(doc.data, context={"skip_cross_checks": True})
        except ValidationError as exc:
            findings = translate_errors(exc, doc.data, Playbook) + findings
        if book is not None and not findings and render:
            from crisisdesk.playbooks.dry_run import dry_run

            findings = dry_run(book)
        doc.problems.extend(
            doc.locate(f)
            for f in findings
            if not any(f.loc[: len(bad)] == bad for bad in doc.unreadable)
        )
    problems = sorted(doc.problems, key=lambda p: (p.line or 0, p.column or 0))
    return Validation(doc.path, book if not problems else None, problems)


def load_playbook(path: str | Path) -> Playbook:
    """The playbook in ``path``; raises `InputError` naming the first problem's place."""
    result = validate_file(path)
    if result.playbook is None:
        first = result.problems[0]
        raise InputError(first.path, first.line, first.message, first.column)
    return result.playbook


def _playbook_file(path: Path) -> Path:
    return path / FOLDER_FILE if path.is_dir() else path


def playbook_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders: a folder with ``playbook.yaml`` is one playbook, any other folder
    stands for its ``*.yaml``/``*.yml`` files and its playbook sub-folders."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not (path / FOLDER_FILE).is_file():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix in (".yaml", ".yml"):
                    out.append(child)
                elif child.is_dir() and (child / FOLDER_FILE).is_file():
                    out.append(child / FOLDER_FILE)
        else:
            out.append(_playbook_file(path))
    return out


def validate_many(paths: Iterable[str | Path]) -> list[Validation]:
    """Validate every playbook under ``paths``; also flags one id used by two files."""
    paths = list(paths)
    results = []
    owners: dict[str, str] = {}
    for raw in paths:
        folder = Path(raw)
        if folder.is_dir() and not playbook_files([folder]):
            message = "no playbook here: no *.yaml file and no folder holding playbook.yaml"
            results.append(
                Validation(str(folder), None, [Problem(str(folder), None, None, message)])
            )
    for file in playbook_files(paths):
        if not file.exists():
            results.append(
                Validation(
                    str(file), None, [Problem(str(file), None, None, "no such file or folder")]
                )
            )
            continue
        result = validate_file(file)
        book = result.playbook
        if book is not None:
            if book.id in owners:
                result.problems.append(
                    Problem(
                        result.path,
                        1,
                        1,
                        f"playbook id {book.id!r} is also used by {owners[book.id]}",
                    )
                )
                result.playbook = None
            else:
                owners[book.id] = result.path
        results.append(result)
    return results


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in every playbook under ``paths``; empty when all are sound."""
    return [p for result in validate_many(paths) for p in result.problems]
