"""Every single-byte change, deleted line, reordered line or replaced file is caught."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crisisdesk.clock import ManualClock
from crisisdesk.review import manifest as mf
from crisisdesk.review.bundle_verify import verify_bundle
from tests.helpers.databases import make_desk, sqlite_db_url
from tests.helpers.keyring_backend import MemoryKeyring
from tests.unit.review.scenario import build

KINDS = ("byte", "delete_line", "swap_lines", "replace_file", "append")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A plain and a masked bundle of the scenario, made once for the module."""
    folder = tmp_path_factory.mktemp("bundles")
    patch = pytest.MonkeyPatch()
    patch.setenv("CRISISDESK_DATA_DIR", str(folder / "data"))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        clock = ManualClock()
        desk = make_desk(sqlite_db_url(folder), clock=clock)
        scenario = build(desk, clock)
        desk.review.export(scenario.incident_id, folder / "plain")
        desk.review.export(scenario.incident_id, folder / "masked", mask_pii=True, research=True)
        desk.close()
    finally:
        keyring.set_keyring(previous)
        patch.undo()
    yield {"plain": folder / "plain", "masked": folder / "masked"}


def _files(root: Path) -> list[str]:
    return [mf.MANIFEST, *mf.bundle_files(root)]


def _remanifest(root: Path, name: str) -> None:
    """Cover the tracks: rewrite the manifest's entry for ``name`` to match the new file."""
    import json

    manifest = json.loads((root / mf.MANIFEST).read_text(encoding="utf-8"))
    if (root / name).exists():
        digest, size = mf.file_digest(root / name)
        manifest["files"][name] = {"sha256": digest, "size": size}
    (root / mf.MANIFEST).write_bytes(mf.encode_manifest(manifest))


@st.composite
def tampering(draw: st.DrawFn, root: Path) -> tuple[str, str, bytes]:
    """(kind, file, new content) for one tampering of a file of ``root``."""
    names = _files(root)
    kind = draw(st.sampled_from(KINDS))
    name = draw(st.sampled_from(names))
    content = (root / name).read_bytes()
    if kind == "byte":
        assume(content)
        pos = draw(st.integers(0, len(content) - 1))
        value = draw(st.integers(0, 255).filter(lambda v: v != content[pos]))
        return kind, name, content[:pos] + bytes([value]) + content[pos + 1 :]
    if kind == "append":
        return kind, name, content + draw(st.binary(min_size=1, max_size=16))
    lines = content.splitlines(keepends=True)
    if kind == "delete_line":
        assume(lines)
        index = draw(st.integers(0, len(lines) - 1))
        return kind, name, b"".join(lines[:index] + lines[index + 1 :])
    if kind == "swap_lines":
        assume(len(lines) >= 2)
        i = draw(st.integers(0, len(lines) - 2))
        j = draw(st.integers(i + 1, len(lines) - 1))
        assume(lines[i] != lines[j])
        lines[i], lines[j] = lines[j], lines[i]
        return kind, name, b"".join(lines)
    other = draw(st.sampled_from(names))
    new = (root / other).read_bytes() if other != name else draw(st.binary(max_size=64))
    assume(new != content)
    return kind, name, new


@pytest.mark.parametrize("which", ["plain", "masked"])
def test_untouched_bundle_verifies(bundles: dict[str, Path], which: str) -> None:
    verdict = verify_bundle(bundles[which])
    assert verdict.ok, verdict.problem
    assert verdict.checkpoints >= 1


@pytest.mark.parametrize("which", ["plain", "masked"])
@pytest.mark.parametrize("cover_tracks", [False, True])
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_tampering_is_caught(
    bundles: dict[str, Path], which: str, cover_tracks: bool, data: st.DataObject
) -> None:
    source = bundles[which]
    kind, name, new = data.draw(tampering(source))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bundle"
        shutil.copytree(source, copy)
        (copy / name).write_bytes(new)
        if cover_tracks and name != mf.MANIFEST:
            _remanifest(copy, name)
        verdict = verify_bundle(copy)
    assert not verdict.ok, f"{kind} in {name} went unnoticed"
    assert verdict.problem and "\n" not in verdict.problem


def test_added_and_removed_files_are_caught(bundles: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "b"
    shutil.copytree(bundles["plain"], copy)
    (copy / "extra.txt").write_text("hello", encoding="utf-8")
    assert "extra.txt" in (verify_bundle(copy).problem or "")
    (copy / "extra.txt").unlink()
    (copy / mf.REPORT_PDF).unlink()
    assert "report.pdf" in (verify_bundle(copy).problem or "")
    _remanifest(copy, mf.REPORT_PDF)  # the listing still names it
    assert not verify_bundle(copy).ok


def test_masked_body_change_is_caught_even_with_tracks_covered(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "b"
    shutil.copytree(bundles["masked"], copy)
    path = copy / mf.DECISIONS_JSONL
    lines = path.read_bytes().splitlines(keepends=True)
    masked = [i for i, line in enumerate(lines) if b'"body_masked"' in line]
    assert masked, "the scenario should leave some decision with personal data to mask"
    import json

    entry = json.loads(lines[masked[0]])
    body = json.loads(entry["body_masked"])
    body["summary"]["en"] = "nothing happened"
    entry["body_masked"] = json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    lines[masked[0]] = mf.encode_line(entry)
    path.write_bytes(b"".join(lines))
    _remanifest(copy, mf.DECISIONS_JSONL)
    verdict = verify_bundle(copy)
    assert not verdict.ok
    assert "masked body" in (verdict.problem or "")


def test_wrong_pinned_key_is_refused(bundles: dict[str, Path]) -> None:
    verdict = verify_bundle(bundles["plain"], {"ab" * 32})
    assert not verdict.ok
    assert "unknown key" in (verdict.problem or "")


@given(
    seq=st.integers(1, 2**40),
    body=st.text(),
    prev=st.text("0123456789abcdef", min_size=64, max_size=64),
    digest=st.text("0123456789abcdef", min_size=64, max_size=64),
)
def test_fast_line_encoding_is_the_canonical_one(
    seq: int, body: str, prev: str, digest: str
) -> None:
    entry = {"seq": seq, "body": body, "prev_hash": prev, "hash": digest}
    assert mf.encode_plain_line(seq, body, prev, digest) == mf.encode_line(entry)
