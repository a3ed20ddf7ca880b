"""Scenario playbooks: the bilingual format, its loader and validator, the bundled library.

The public names below load on first use (PEP 562), so importing a light submodule such
as `crisisdesk.playbooks.vocabulary` does not load pydantic, YAML and Jinja through the
model, the loader and the library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crisisdesk.playbooks.library import bundled_library, find_playbook, library_dir
    from crisisdesk.playbooks.loader import (
        Validation,
        load_playbook,
        playbook_files,
        validate_file,
        validate_many,
        validate_paths,
        validate_text,
    )
    from crisisdesk.playbooks.model import (
        Bilingual,
        CannedReply,
        Playbook,
        ResponseTarget,
        StatementRules,
        TaskSpec,
        TemplateSpec,
        VariableSpec,
        WatchWords,
        format_duration,
        parse_duration,
    )
    from crisisdesk.playbooks.validator import Problem

# Each public name and the submodule that defines it.
_HOMES = {
    "bundled_library": "library",
    "find_playbook": "library",
    "library_dir": "library",
    "Validation": "loader",
    "load_playbook": "loader",
    "playbook_files": "loader",
    "validate_file": "loader",
    "validate_many": "loader",
    "validate_paths": "loader",
    "validate_text": "loader",
    "Bilingual": "model",
    "CannedReply": "model",
    "Playbook": "model",
    "ResponseTarget": "model",
    "StatementRules": "model",
    "TaskSpec": "model",
    "TemplateSpec": "model",
    "VariableSpec": "model",
    "WatchWords": "model",
    "format_duration": "model",
    "parse_duration": "model",
    "Problem": "validator",
}

__all__ = [
    "Bilingual",
    "CannedReply",
    "Playbook",
    "Problem",
    "ResponseTarget",
    "StatementRules",
    "TaskSpec",
    "TemplateSpec",
    "Validation",
    "VariableSpec",
    "WatchWords",
    "bundled_library",
    "find_playbook",
    "format_duration",
    "library_dir",
    "load_playbook",
    "parse_duration",
    "playbook_files",
    "validate_file",
    "validate_many",
    "validate_paths",
    "validate_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
