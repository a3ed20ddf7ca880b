"""Scenario playbooks: the bilingual format, its loader and validator, the bundled library."""

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
