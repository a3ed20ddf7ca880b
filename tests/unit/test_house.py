"""The house rules the import graph must keep (TYPE_CHECKING and function-level imports
count too): no service reaches back to `Desk`, the kernel knows no feature, and no
feature imports the demo."""

from __future__ import annotations

import grimp
import pytest

FEATURES = (
    "crisisdesk.exercises",
    "crisisdesk.incidents",
    "crisisdesk.intake",
    "crisisdesk.log",
    "crisisdesk.network",
    "crisisdesk.playbooks",
    "crisisdesk.review",
    "crisisdesk.statements",
    "crisisdesk.storage",
    "crisisdesk.templating",
    "crisisdesk.text",
    "crisisdesk.users",
)
# A child process's main opens its own Desk (the composition root), as the CLI does; it is
# started by its feature, so it lives there, but nothing imports it except to start it.
PROCESS_MAINS = frozenset(
    {"crisisdesk.exercises.injector_process", "crisisdesk.intake.webhook_processor"}
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("crisisdesk")


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_no_service_imports_the_desk(graph: grimp.ImportGraph) -> None:
    importers = graph.find_modules_that_directly_import("crisisdesk.desk")
    from_features = sorted(m for m in importers if _in(m, FEATURES) and m not in PROCESS_MAINS)
    assert from_features == []


def test_the_process_mains_are_imported_by_no_service(graph: grimp.ImportGraph) -> None:
    for main in PROCESS_MAINS:
        users = graph.find_modules_that_directly_import(main)
        assert all(not _in(m, FEATURES) or m.rsplit(".", 1)[0] == main.rsplit(".", 1)[0]
                   for m in users), (main, users)  # fmt: skip


def test_the_kernel_knows_no_feature_service(graph: grimp.ImportGraph) -> None:
    imported = graph.find_modules_directly_imported_by("crisisdesk.kernel")
    services = ("crisisdesk.desk", "crisisdesk.demo", "crisisdesk.ui", "crisisdesk.cli")
    assert sorted(m for m in imported if _in(m, services)) == []
    for feature in ("incidents", "intake", "network", "statements", "exercises", "review"):
        assert not graph.chain_exists(
            "crisisdesk.kernel", f"crisisdesk.{feature}", as_packages=True
        )


def test_no_cycle_between_the_desk_and_the_services(graph: grimp.ImportGraph) -> None:
    for feature in FEATURES:
        assert not graph.chain_exists(
            feature, "crisisdesk.desk", as_packages=True
        ) or _only_via_mains(graph, feature), feature


def _only_via_mains(graph: grimp.ImportGraph, feature: str) -> bool:
    chains = graph.find_shortest_chains(importer=feature, imported="crisisdesk.desk")
    return all(chain[0] in PROCESS_MAINS for chain in chains)


def test_no_feature_imports_the_demo(graph: grimp.ImportGraph) -> None:
    for feature in FEATURES:
        assert not graph.chain_exists(feature, "crisisdesk.demo", as_packages=True), feature


def test_the_demo_stories_are_handed_a_story_not_the_builder(graph: grimp.ImportGraph) -> None:
    stories = [m for m in graph.find_children("crisisdesk.demo") if m.endswith("_story")]
    assert len(stories) == 5
    for story in stories:
        imported = graph.find_modules_directly_imported_by(story)
        assert "crisisdesk.demo.crisis" not in imported, story
        assert "crisisdesk.desk" not in imported, story
