"""Finding 9 of issue 21, each as reported: the validator must refuse what it let through."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from crisisdesk.playbooks import validate_text
from crisisdesk.playbooks.loader import MAX_BYTES, read_document, validate_file

MINIMAL_PATH = Path(__file__).resolve().parents[2] / "data" / "playbooks" / "minimal.yaml"
MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")


def messages(text: str) -> list[str]:
    return [str(p) for p in validate_text(text, "book.yaml").problems]


def test_minimal_is_sound() -> None:
    assert messages(MINIMAL) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_yaml_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "book.yaml"
    os.mkfifo(fifo)
    done: list[str] = []

    def run() -> None:
        done.extend(str(p) for p in validate_file(fifo).problems)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(fifo, "wb"):
            pass
        pytest.fail("validating a FIFO hung")
    assert done and "not a regular file" in done[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_symlink_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    problems = validate_file(link).problems
    assert len(problems) == 1 and "not a regular file" in problems[0].message


def test_the_size_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as out:
        out.truncate(3 * 1024**3)  # a sparse 3 GB file: free to make, ruinous to read whole
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counting_read)
    doc = read_document(big)
    assert [p.message for p in doc.problems] == ["the file is larger than 4 MB"]
    assert sum(reads) <= MAX_BYTES + 1


@pytest.mark.parametrize(
    "source",
    [
        "{% include 'other.txt' %}{{ municipality }} {{ next_update_time }}",
        "{{ municipality.__class__ }} {{ next_update_time }}",
        "{% for i in range(999999999) %}x{% endfor %}{{ municipality }} {{ next_update_time }}",
    ],
)
def test_templates_that_can_never_render_are_refused(source: str) -> None:
    # Inside a literal block (``|``) the template text needs no YAML quoting.
    text = MINIMAL.replace("{{ municipality }} is following the situation.", source)
    found = messages(text)
    assert any("templates[0].text.en" in m and "cannot be rendered" in m for m in found), found


def test_an_rlo_override_in_template_text_is_refused() -> None:
    text = MINIMAL.replace(
        "تتابع {{ municipality }} الحالة.", "تتابع {{ municipality }} \u202e940\u202c."
    )
    found = messages(text)
    assert any("templates[0].text.ar" in m and "U+202E" in m for m in found), found


@pytest.mark.parametrize("fake", ["٩٤٠", "،", "\ufeff"])
def test_arabic_text_needs_real_arabic_letters(fake: str) -> None:
    text = MINIMAL.replace("title: {ar: تمرين, en: Drill}", f'title: {{ar: "{fake}", en: Drill}}')
    found = messages(text)
    assert any("title.ar" in m and "no Arabic letters" in m for m in found), found


def test_an_unknown_yaml_tag_is_refused_not_dropped() -> None:
    text = MINIMAL.replace(
        "hazard: other", "hazard: other\nextra_note: !!python/object/apply:os.system [echo hi]"
    )
    found = messages(text)
    assert any("!!python/object/apply:os.system" in m for m in found), found
    text = MINIMAL.replace("hazard: other", "hazard: !!python/name:os.system other")
    assert any("unknown YAML tag" in m for m in messages(text))
    text = MINIMAL.replace("hazard: other", "hazard: !custom other")
    assert any("unknown YAML tag" in m for m in messages(text))


def test_known_yaml_tags_still_work() -> None:
    text = MINIMAL.replace('version: "1.0"', "version: !!str 1.0")
    assert messages(text) == []


def test_a_direction_control_typed_into_a_value_is_refused() -> None:
    from crisisdesk.statements.variables import FieldSpec, validate_values

    spec = FieldSpec("hotline", "رقم", "Hotline", "text", True)
    _, errors = validate_values([spec], {"hotline": "\u202e940\u202c"})
    assert "U+202E" in errors["hotline"]


def test_an_optional_value_outside_its_if_block_is_refused() -> None:
    """Finding 5: an empty optional source gave ``وبحسب : لا إصابات مسجلة``."""
    text = (
        MINIMAL.replace(
            "      - {name: municipality, label: {ar: الجهة, en: Municipality}}",
            "      - {name: municipality, label: {ar: الجهة, en: Municipality}}\n"
            "      - {name: source, label: {ar: المصدر, en: Source}, required: false}",
        )
        .replace(
            "        {{ municipality }} is following the situation.",
            "        {% if municipality %}According to {{ source }}: no injuries.{% endif %}",
        )
        .replace(
            "        تتابع {{ municipality }} الحالة.",
            "        {% if source %}وبحسب {{ source }}{% endif %}",
        )
    )
    found = messages(text)
    assert any("text.en" in m and "optional variable 'source'" in m for m in found), found
    assert not any("text.ar" in m and "optional variable" in m for m in found), found


def test_a_large_added_playbook_is_validated_once_not_on_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 9: one large added playbook made every ``playbooks list`` take 2.5–3 s: each
    run validated it again. Now the validated data is kept under the file's SHA-256."""
    import crisisdesk.playbooks.validated_cache as cache
    from crisisdesk.playbooks import library_dir

    source = (library_dir() / "flood-urban.yaml").read_text(encoding="utf-8")
    rules = "".join(
        f"  - {{id: extra-{i}, category: observation, ar: [كلمة{i}], en: [word{i}]}}\n"
        for i in range(2000)
    )
    big = tmp_path / "big.yaml"
    big.write_text(
        source.replace("id: flood-urban", "id: big-added").replace(
            "\nwatch_words:\n", "\nwatch_words:\n" + rules, 1
        ),
        encoding="utf-8",
    )
    first = cache.load_validated(big)
    assert len(first.watch_words) > 2000

    def no_second_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(cache, "validate_text", no_second_validation)
    again = cache.load_validated(big)  # a new run: the process cache is not involved
    assert again.content_hash == first.content_hash
    big.write_text(big.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="validated again"):
        cache.load_validated(big)  # other bytes: validated again
    for entry in cache.cache_dir().glob("*.json"):
        entry.write_text("{damaged", encoding="utf-8")
    monkeypatch.undo()
    assert cache.load_validated(big).id == "big-added"  # damaged entries never break loading
