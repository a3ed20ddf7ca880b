"""``desk.review``: KPIs, the dashboard's data, the export bundle and its verification."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisisdesk.review.bundle import BundleWriter, Cancel, ExportResult, Progress
from crisisdesk.review.bundle_verify import BundleVerdict, verify_bundle
from crisisdesk.review.kpis import Window, compute_kpis, overdue_tasks, waiting_approvals

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel


class ReviewService:
    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    def kpis(
        self, incident_id: int, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, Any]:
        """Every KPI of one incident in [start, end) (open ends by default)."""
        with self.desk.db.read() as session:
            return compute_kpis(
                session, incident_id, window=Window(start, end), now=self.desk.clock.now()
            )

    def dashboard(self, incident_id: int) -> dict[str, Any]:
        """The KPIs plus the live lists the dashboard shows (overdue tasks, approvals)."""
        now = self.desk.clock.now()
        with self.desk.db.read() as session:
            data = compute_kpis(session, incident_id, now=now)
            data["overdue_tasks"] = overdue_tasks(session, incident_id, now)
            data["waiting_approvals"] = waiting_approvals(session, incident_id)
        return data

    def export(
        self,
        incident_id: int,
        out: str | Path,
        *,
        mask_pii: bool = False,
        research: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ExportResult:
        """Write the bundle (see ``bundle.py``); records ``export.created`` and a checkpoint."""
        writer = BundleWriter(
            self.desk,
            incident_id,
            Path(out),
            mask_pii=mask_pii,
            research=research,
            progress=progress,
            cancel=cancel,
        )
        return writer.run()

    @staticmethod
    def verify(bundle: str | Path, public_keys: set[str] | None = None) -> BundleVerdict:
        """Offline: needs nothing but the bundle folder."""
        return verify_bundle(Path(bundle), public_keys)
