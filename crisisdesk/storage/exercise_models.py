"""Tables of exercise runs: the run and its shared clock, and every item it injected.

The clock lives in the run's row (speed, running, where it was at the last change), so on
PostgreSQL every laptop of the room reads one exercise time. ``exercise_injects`` holds one
row per injected item, unique per run: two laptops injecting the same item add it once.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crisisdesk.storage.models import Base


class ExerciseRun(Base):
    """One run of an exercise file on its drill incident."""

    __tablename__ = "exercise_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    exercise_id: Mapped[str] = mapped_column(String(100))
    title_ar: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)  # the exercise file verbatim
    sha256: Mapped[str] = mapped_column(String(64))
    seed: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))  # running, paused, stopped
    speed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[str] = mapped_column(String(32))  # T+0 in exercise time
    anchor_wall: Mapped[str] = mapped_column(String(32))  # wall time of the last clock change
    anchor_offset_us: Mapped[int] = mapped_column(BigInteger)  # scenario offset then
    started_by: Mapped[str] = mapped_column(String(64))
    stopped_at: Mapped[str | None] = mapped_column(String(32))


class ExerciseInject(Base):
    """One item injected into a run: when it was due, when it went in, by whom."""

    __tablename__ = "exercise_injects"
    __table_args__ = (UniqueConstraint("run_id", "key", name="uq_exercise_inject_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(Integer, ForeignKey("exercise_runs.id"))
    key: Mapped[str] = mapped_column(String(200))
    inject: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    due_us: Mapped[int] = mapped_column(BigInteger)
    injected_us: Mapped[int] = mapped_column(BigInteger)
    injected_at: Mapped[str] = mapped_column(String(32))
    live: Mapped[bool] = mapped_column(Boolean, default=False)  # added by the trainer
    payload: Mapped[str | None] = mapped_column(Text)  # a live inject's content (JSON)
