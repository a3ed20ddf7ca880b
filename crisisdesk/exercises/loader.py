"""Read an exercise file and report every problem at its ``file:line:column``.

The YAML is composed with the playbook loader's position-keeping reader (same limits on
size, depth and aliases), then validated against `crisisdesk.exercises.format`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from crisisdesk.errors import InputError
from crisisdesk.exercises.format import Exercise, cross_check
from crisisdesk.playbooks.loader import Document, parse_text, read_document
from crisisdesk.playbooks.validator import Problem, translate_errors


@dataclass
class ExerciseValidation:
    """One file's outcome: the exercise when sound, else the problems (sorted by place)."""

    path: str
    exercise: Exercise | None
    problems: list[Problem]
    text: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


def validate_file(path: str | Path) -> ExerciseValidation:
    """Read and check one exercise file; never raises for what the file holds."""
    return _validate(read_document(path))


def validate_text(text: str, name: str = "<text>") -> ExerciseValidation:
    """Check exercise YAML held in memory (a trainer's editor, a stored copy)."""
    doc = Document(name, text)
    parse_text(doc)
    return _validate(doc)


def _validate(doc: Document) -> ExerciseValidation:
    exercise: Exercise | None = None
    if doc.data is not None:
        findings = cross_check(doc.data)
        try:
            exercise = Exercise.model_validate(doc.data)
        except ValidationError as exc:
            findings = translate_errors(exc, doc.data, Exercise) + findings
        doc.problems.extend(
            doc.locate(f)
            for f in findings
            if not any(f.loc[: len(bad)] == bad for bad in doc.unreadable)
        )
    problems = sorted(doc.problems, key=lambda p: (p.line or 0, p.column or 0))
    return ExerciseValidation(doc.path, exercise if not problems else None, problems, doc.text)


def load_exercise(path: str | Path) -> ExerciseValidation:
    """The sound exercise in ``path``; an `InputError` naming the first problem otherwise."""
    result = validate_file(path)
    if result.exercise is None:
        first = result.problems[0]
        raise InputError(first.path, first.line, first.message, first.column)
    return result


__all__ = ["ExerciseValidation", "load_exercise", "validate_file", "validate_text"]
