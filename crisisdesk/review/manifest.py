"""The bundle's manifest and the byte formats the verifier insists on.

``manifest.json`` is written in exactly one encoding (sorted keys, two-space indent, UTF-8,
a final newline) and the verifier re-encodes what it reads and compares bytes, so no byte of
it can change without the verifier noticing. ``decisions.jsonl`` lines are canonical JSON
(sorted keys, no spaces, UTF-8) for the same reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crisisdesk.log.kinds import Kind

FORMAT = "crisisdesk-bundle/2"
MANIFEST = "manifest.json"
DECISIONS_JSONL = "decisions.jsonl"
DECISIONS_CSV = "decisions.csv"
INTERACTIONS_CSV = "interactions.csv"
KPIS_JSON = "kpis.json"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
STATEMENTS_DIR = "statements"
RESEARCH_DIR = "research"
README_TXT = "README.txt"
EXPORT_KIND = Kind.EXPORT_CREATED
CHUNK = 1 << 20


def encode_manifest(manifest: dict[str, Any]) -> bytes:
    """The one accepted encoding of a manifest."""
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def encode_line(entry: dict[str, Any]) -> bytes:
    """One canonical ``decisions.jsonl`` line, newline included."""
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


def encode_plain_line(seq: int, body: str, prev_hash: str, digest: str) -> bytes:
    """``encode_line`` of an unmasked entry, built directly (the hot loop of an export).

    The keys are fixed and already in sorted order; the hashes are hex and need no escaping.
    """
    text = json.dumps(body, ensure_ascii=False)
    return f'{{"body":{text},"hash":"{digest}","prev_hash":"{prev_hash}","seq":{seq}}}\n'.encode()


def canonical_digest(value: Any) -> str:
    """SHA-256 of a value's canonical JSON (the listing an export decision signs)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks."""
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def bundle_files(root: Path) -> Iterator[str]:
    """Every file under ``root`` as a POSIX relative path, sorted; the manifest excluded."""
    for path in sorted(root.rglob("*")):
        if path.is_file() or path.is_symlink():
            rel = path.relative_to(root).as_posix()
            if rel != MANIFEST:
                yield rel


def listing(root: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    """``{name: {"sha256", "size"}}`` for the named files."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(names):
        digest, size = file_digest(root / name)
        out[name] = {"sha256": digest, "size": size}
    return out
