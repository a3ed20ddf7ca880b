"""Named writes of intake: the quarantine, rumour clusters, replies to a cluster or a person."""

from __future__ import annotations

from typing import Any

from crisisdesk.ui.operations import Op


def retry_quarantined(desk: Any, item_id: int) -> Op[Any]:
    quarantine = desk.inbox.quarantine
    return Op("retry a set-aside item", lambda: quarantine.retry(item_id))


def discard_quarantined(desk: Any, item_id: int, reason: str) -> Op[Any]:
    quarantine = desk.inbox.quarantine
    return Op("discard a set-aside item", lambda: quarantine.discard(item_id, reason))


def merge_clusters(desk: Any, into: int, others: list[int]) -> Op[Any]:
    clusters = desk.inbox.clusters
    return Op("merge rumour clusters", lambda: clusters.merge(into, others))


def split_cluster(desk: Any, cluster_id: int, members: list[int]) -> Op[Any]:
    clusters = desk.inbox.clusters
    return Op("split a rumour cluster", lambda: clusters.split(cluster_id, members))


def update_cluster(desk: Any, cluster_id: int, **fields: Any) -> Op[Any]:
    """Label, status and counter-statement; a ``StaleError`` is returned, not raised, so
    the screen can offer to overwrite."""
    from crisisdesk.errors import StaleError

    clusters = desk.inbox.clusters

    def attempt() -> Any:
        try:
            return clusters.update(cluster_id, **fields)
        except StaleError as exc:
            return exc

    return Op("edit a rumour cluster", attempt)


def reply_to_cluster(
    desk: Any, cluster_id: int, template: str, values: dict[str, str] | None = None
) -> Op[Any]:
    replies = desk.inbox.replies
    return Op(
        "reply to a rumour cluster", lambda: replies.reply_cluster(cluster_id, template, values)
    )


def reply_with_canned(
    desk: Any, interaction_id: int, template: str, values: dict[str, str], *, again: bool
) -> Op[Any]:
    """A canned reply to one person; ``again`` though an earlier one's outcome is unknown."""
    replies = desk.inbox.replies
    return Op(
        "reply with a canned reply",
        lambda: replies.reply(interaction_id, template, values, again=again),
    )


def reply_in_own_words(desk: Any, interaction_id: int, text: str, *, again: bool) -> Op[Any]:
    """The operator's own words to one person, under the canned reply's rules."""
    replies = desk.inbox.replies
    return Op(
        "reply in the operator's own words",
        lambda: replies.free_text(interaction_id, text, again=again),
    )
