"""Tamper detection: every way of altering the database file is caught by `log verify`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.cli import main
from crisisdesk.desk import Desk
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.storage.location import sqlite_url
from tests.helpers import tamper
from tests.helpers.databases import PASSWORD, make_desk

ENTRIES = 1000
EVERY = 100


def _build_log(path: Path) -> None:
    desk = make_desk(sqlite_url(path))
    desk.checkpoint_every = EVERY
    try:
        head = desk.log.head().seq
        while head < ENTRIES:
            with desk.transaction(None) as uow:
                for _ in range(min(10, ENTRIES - head)):
                    head = uow.decide(
                        "test.noted",
                        subject=f"item:{head}",
                        summary_ar=f"ملاحظة رقم {head} عن منسوب المياه",
                        summary_en=f"note {head} about the water level",
                        payload={"n": head, "text": "الدمام – حي الشاطئ #سيول_الدمام"},
                    )
    finally:
        desk.close()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import keyring

    from tests.helpers.keyring_backend import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    folder = tmp_path_factory.mktemp("pristine")
    path = folder / "log.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRISISDESK_DATA_DIR", str(folder / "data"))
        _build_log(path)
    keyring.set_keyring(previous)
    pristine_keys[str(path)] = backend.store
    return path


pristine_keys: dict[str, dict[tuple[str, str], str]] = {}


@pytest.fixture
def copy(pristine: Path, tmp_path: Path, memory_keyring: object) -> Path:
    """A private copy of the pristine log, with its signing key in this test's keyring."""
    target = tmp_path / "log.db"
    shutil.copy(pristine, target)
    memory_keyring.store.update(pristine_keys[str(pristine)])  # type: ignore[attr-defined]
    return target


def verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--db", sqlite_url(path), "log", "verify", *extra])
    out = capsys.readouterr()
    return code, (out.out + out.err).strip()


def test_untouched_log_verifies(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = verify(copy, capsys)
    assert code == 0, text
    assert f"valid: {ENTRIES}" in text


Mutation = Callable[[object], None]


def _flip_byte(conn: object) -> None:
    body = tamper.body(conn, 500)  # type: ignore[arg-type]
    i = body.index("water")
    tamper.set_body(conn, 500, body[:i] + "W" + body[i + 1 :])  # type: ignore[arg-type]


def _edit_field(conn: object) -> None:
    tamper.edit_summary(conn, 321, "nothing happened here")  # type: ignore[arg-type]


def _delete_middle(conn: object) -> None:
    conn.execute("DELETE FROM decisions WHERE seq = 400")  # type: ignore[attr-defined]


def _swap_rows(conn: object) -> None:
    c = conn
    a = c.execute("SELECT body, prev_hash, hash FROM decisions WHERE seq = 250").fetchone()  # type: ignore[attr-defined]
    b = c.execute("SELECT body, prev_hash, hash FROM decisions WHERE seq = 251").fetchone()  # type: ignore[attr-defined]
    c.execute("UPDATE decisions SET body=?, prev_hash=?, hash=? WHERE seq = 250", b)  # type: ignore[attr-defined]
    c.execute("UPDATE decisions SET body=?, prev_hash=?, hash=? WHERE seq = 251", a)  # type: ignore[attr-defined]


def _renumber(conn: object) -> None:
    conn.execute("UPDATE decisions SET seq = seq + 5000 WHERE seq >= 600")  # type: ignore[attr-defined]
    conn.execute("UPDATE decisions SET seq = seq - 4999 WHERE seq >= 5600")  # type: ignore[attr-defined]


def _forge_insert(conn: object) -> None:
    c = conn
    c.execute("UPDATE decisions SET seq = seq + 100000 WHERE seq >= 700")  # type: ignore[attr-defined]
    c.execute("UPDATE decisions SET seq = seq - 99999 WHERE seq >= 100700")  # type: ignore[attr-defined]
    lid = tamper.log_id(c)  # type: ignore[arg-type]
    prev = c.execute("SELECT hash FROM decisions WHERE seq = 699").fetchone()[0]  # type: ignore[attr-defined]
    body = tamper.body(c, 699).replace('"seq":699', '"seq":700')  # type: ignore[arg-type]
    from crisisdesk.storage.chain import entry_hash

    c.execute(  # type: ignore[attr-defined]
        "INSERT INTO decisions (seq, body, prev_hash, hash) VALUES (700, ?, ?, ?)",
        (body, prev, entry_hash(lid, 700, prev, body.encode())),
    )


def _rechain_without_key(conn: object) -> None:
    tamper.edit_summary(conn, 333, "figures were never reported")  # type: ignore[arg-type]
    tamper.rechain_from(conn, 333)  # type: ignore[arg-type]
    tamper.forge_checkpoint_heads(conn)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mutation", "first_bad"),
    [
        (_flip_byte, 500),
        (_edit_field, 321),
        (_delete_middle, 400),
        (_swap_rows, 250),
        (_renumber, 600),
        (_forge_insert, 701),
        (_rechain_without_key, -1),  # just after the last good checkpoint
    ],
    ids=[
        "flipped-byte",
        "edited-field",
        "deleted-row",
        "swapped-rows",
        "renumbered",
        "forged-insert",
        "rechained-without-key",
    ],
)
def test_mutation_is_detected(
    copy: Path, capsys: pytest.CaptureFixture[str], mutation: Mutation, first_bad: int
) -> None:
    conn = tamper.open_raw(copy)
    if first_bad == -1:
        (last_good,) = conn.execute("SELECT max(seq) FROM checkpoints WHERE seq < 333").fetchone()
        first_bad = last_good + 1
    mutation(conn)
    conn.close()
    code, text = verify(copy, capsys)
    assert code == 3, text
    assert f"TAMPERED at seq {first_bad}" in text
    assert len(text.splitlines()) == 1


def test_edited_hash_and_prev_hash_columns(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = tamper.open_raw(copy)
    conn.execute("UPDATE decisions SET hash = ? WHERE seq = 77", ("0" * 64,))
    conn.close()
    code, text = verify(copy, capsys)
    assert code == 3 and "seq 77" in text


def test_truncated_unsigned_tail_is_reported_and_caught_by_outside_checkpoint(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A checkpoint kept elsewhere at the current head (the file also lands in the database).
    outside = tmp_path / "kept-elsewhere.json"
    desk = Desk.open(sqlite_url(copy))
    desk.sign_in("admin", "s3cret-pass-phrase")
    cp = desk.log.export_checkpoint(outside)
    desk.close()
    conn = tamper.open_raw(copy)
    conn.execute("DELETE FROM checkpoints WHERE seq > 900")
    conn.execute("DELETE FROM decisions WHERE seq > 950")
    conn.close()
    code, text = verify(copy, capsys)
    assert code == 0, text
    conn = tamper.open_raw(copy)
    (last_cp,) = conn.execute("SELECT max(seq) FROM checkpoints").fetchone()
    conn.close()
    assert f"unsigned tail of {950 - last_cp} entries" in text
    code, text = verify(copy, capsys, "--checkpoint", str(outside))
    assert code == 3
    assert f"covers entries up to {cp.seq} but the log ends at 950" in text


def test_rechained_tail_is_reported_and_caught_by_outside_checkpoint(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "kept-elsewhere.json"
    desk = Desk.open(sqlite_url(copy))
    desk.sign_in("admin", "s3cret-pass-phrase")
    desk.log.export_checkpoint(outside)
    desk.close()
    conn = tamper.open_raw(copy)
    conn.execute("DELETE FROM checkpoints WHERE seq > 900")
    tamper.edit_summary(conn, 960, "rewritten after the fact")
    tamper.rechain_from(conn, 960)
    conn.close()
    code, text = verify(copy, capsys)
    assert code == 0 and "unsigned tail" in text, text
    code, text = verify(copy, capsys, "--checkpoint", str(outside))
    assert code == 3 and "re-chained" in text, text


def test_pinned_foreign_key_rejects_checkpoints(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = verify(copy, capsys, "--public-key", "ab" * 32)
    assert code == 3 and "unknown key" in text


def test_triggers_refuse_update_and_delete(copy: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(copy)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE decisions SET body = '{}' WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM decisions WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM checkpoints")
    conn.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seq=st.integers(min_value=1, max_value=ENTRIES),
    what=st.sampled_from(["body", "prev_hash", "hash", "delete", "seq"]),
    position=st.integers(min_value=0, max_value=10_000),
    byte=st.integers(min_value=1, max_value=255),
)
def test_any_single_mutation_is_detected(
    pristine: Path,
    tmp_path_factory: pytest.TempPathFactory,
    memory_keyring: object,
    seq: int,
    what: str,
    position: int,
    byte: int,
) -> None:
    memory_keyring.store.update(pristine_keys[str(pristine)])  # type: ignore[attr-defined]
    path = tmp_path_factory.mktemp("h") / "log.db"
    shutil.copy(pristine, path)
    conn = tamper.open_raw(path)
    row = conn.execute(
        "SELECT body, prev_hash, hash FROM decisions WHERE seq = ?", (seq,)
    ).fetchone()
    if what == "delete":
        conn.execute("DELETE FROM decisions WHERE seq = ?", (seq,))
    elif what == "seq":
        conn.execute("UPDATE decisions SET seq = ? WHERE seq = ?", (ENTRIES + 10 + byte, seq))
    else:
        column = {"body": 0, "prev_hash": 1, "hash": 2}[what]
        value: str = row[column]
        # Change one letter or digit into another of its kind, so the JSON stays well formed.
        lo, hi = 0, len(value)
        if what == "body":  # inside the English summary: no JSON keyword or number changes
            lo = value.index('"en":"') + 6
            hi = value.index('"', lo)
        spots = [k for k in range(lo, hi) if value[k].isascii() and value[k].isalnum()]
        i = spots[position % len(spots)]
        alphabet = "0123456789" if value[i].isdigit() else "abcdefghijklmnopqrstuvwxyz"
        replacement = alphabet[(alphabet.find(value[i].lower()) + 1 + byte % 9) % len(alphabet)]
        if replacement == value[i]:
            replacement = alphabet[(alphabet.find(replacement) + 1) % len(alphabet)]
        conn.execute(
            f"UPDATE decisions SET {what} = ? WHERE seq = ?",
            (value[:i] + replacement + value[i + 1 :], seq),
        )
    conn.close()
    desk = Desk.open(sqlite_url(path))
    try:
        verdict = desk.log.verify()
    finally:
        desk.close()
    assert not verdict.ok
    assert verdict.first_bad_seq is not None
    assert verdict.first_bad_seq <= seq + 1


def test_byte_flipped_in_the_file_itself(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not through SQL at all: one byte of a stored payload changed on disk."""
    data = bytearray(copy.read_bytes())
    marker = b"note 500 about the water"
    at = data.find(marker)
    assert at > 0, "the entry text is stored verbatim in the file"
    data[at + len(marker) - 1] ^= 0x01  # 'r' -> 's'
    copy.write_bytes(bytes(data))
    code, text = verify(copy, capsys)
    assert code == 3, text
    assert "TAMPERED at seq" in text


def test_a_key_kept_but_never_pinned_is_pinned_before_it_signs(tmp_path: Path) -> None:
    """A run stopped after storing its new key in the keyring but before the pin was
    committed: the next run pins that key (with its decision) before signing with it, so
    its checkpoints verify instead of reading as signed by an unknown key."""
    from crisisdesk.storage import signing

    url = sqlite_url(tmp_path / "crisis.db")
    desk = make_desk(url)
    desk.close()
    opened = Desk.open(url)
    opened.sign_in("admin", PASSWORD)
    kept = signing.create_private(opened.secrets, opened.log_id)  # keyring only, no pin
    opened.log.checkpoint()
    verdict = opened.log.verify()
    assert verdict.ok, verdict.describe()
    assert opened.log.count(LogFilter(kind="log.key_registered")) >= 1
    assert signing.public_hex(kept) in opened.pinned_keys()
    opened.close()
