"""Every bundled holding and update statement fits X from the first second: drafted from
its template with the playbook's example values, the text that goes to X is at most 280
weighted characters in Arabic and in English (a template that goes to X has a short X
text of its own when its full text is longer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.playbooks import bundled_library
from crisisdesk.statements.variables import LocalizedText
from tests.helpers.databases import PASSWORD, sqlite_db_url

CASES = [
    (book.id, template.id)
    for book in bundled_library()
    for template in book.templates
    if template.kind in ("holding", "update") and "x" in template.channels
]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    folder: Path = tmp_path_factory.mktemp("xfit")
    opened = Desk.open(sqlite_db_url(folder), create=True)
    opened.users.create_first_admin("admin", PASSWORD, "A")
    opened.sign_in("admin", PASSWORD)
    opened.users.add("layla", PASSWORD, "lead", "L")
    opened.sign_in("layla", PASSWORD)
    return opened


@pytest.mark.parametrize(("playbook", "template_id"), CASES)
def test_x_text_fits_with_the_examples(desk: Desk, playbook: str, template_id: str) -> None:
    incident = desk.incidents.open(f"{playbook} {template_id}", 3, playbook_id=playbook).id
    raw: dict[str, object] = {}
    for field in desk.statements.form(incident, template_id):
        value = field.prefill if field.prefill is not None else field.example
        if hasattr(value, "ar") and hasattr(value, "en"):  # what the editor's two fields send
            value = LocalizedText(str(value.ar), str(value.en))
        if field.type == "text" and isinstance(value, str) and field.lang is None:
            # the form shows a bilingual example as "Arabic / English"
            ar, _sep, en = value.partition(" / ")
            value = LocalizedText(ar, en or ar)
        if value is None and field.choices:
            value = field.choices[0]
        if value is not None:
            raw[field.name] = value
    template = next(t for t in desk.statements.templates(incident) if t.id == template_id)
    texts, _values = desk.statements.render(incident, template_id, raw)  # type: ignore[arg-type]
    checklist, _forms = desk.statements.editor_checklist(
        incident,
        template_id,
        texts,
        template.kind,
        tuple(template.channels),
        raw,  # type: ignore[arg-type]
    )
    x_lines = [r for r in checklist.results if r.id.startswith(("form:x:", "channel:x:"))]
    assert len(x_lines) == 2
    assert all(r.passed for r in x_lines), [(r.id, r.detail) for r in x_lines]
