"""The checklist part of the demo story: the crisis room works through the flood playbook.

Tasks that came due are completed by the demo user holding the owner's role, with the
notes a real room would write; the latest rumour sweep is left overdue and the tasks of the
last half hour stay open, so the checklist shows every state.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisisdesk.demo.story import Story

USERS = {"operator": "operator1", "spokesperson": "spokesperson", "lead": "lead"}
LEAVE_OPEN = timedelta(minutes=30)
STEP = timedelta(seconds=20)

NOTES = {
    "confirm-situation": "غرفة العمليات أكدت 7 مواقع تجمع مياه و14 فرقة شفط ميدانية.",
    "holding-statement": "نُشر البيان الأولي على الموقع وحساب X بعد اعتماد المتحدث الرسمي.",
    "activate-hotline-messaging": "زُوِّد مركز 940 بالرسائل الموحّدة ونموذج الأسئلة المتوقعة.",
    "civil-defense-link": "قناة مباشرة مع المتحدث الرسمي للدفاع المدني بالمنطقة الشرقية.",
    "start-monitoring": "بدأ الرصد على X وواتساب والأخبار المحلية؛ وسم #سيول_الدمام نشط.",
    "verify-casualties": "لا إصابات مؤكدة وفق الدفاع المدني حتى الآن.",
    "rumour-sweep": "حُدّث سجل الشائعات؛ شائعة انهيار السد نُفيت رسميًا.",
    "closures-map": "أُضيف نفق طريق الملك سعود إلى قائمة المغلق بالتنسيق مع المرور.",
    "public-update": "صدر التحديث بعد اعتماده؛ التحديث التالي بعد ساعتين.",
}


def step(story: Story) -> None:
    """Complete what the room would have done by now; a rumour sweep stays overdue."""
    desk, clock, incident = story.desk, story.clock, story.flood
    tasks = desk.tasks.list(incident)
    if not tasks:
        return
    before = desk.user.name if desk.user is not None else "lead"
    # The story's clock may have run ahead of the wall clock: what is "due" is judged by the
    # earlier of the two, so the screens opened now still show tasks coming due.
    cutoff = min(clock.now(), datetime.now(UTC)) - LEAVE_OPEN
    sweeps = [t for t in tasks if t.step_id == "rumour-sweep" and t.due_at <= cutoff]
    skipped = max(sweeps, key=lambda t: t.due_at).id if sweeps else None
    for _ in range(200):  # done recurring tasks spawn successors; bounded all the same
        due = [
            t
            for t in desk.tasks.list(incident)
            if not t.closed and t.due_at <= cutoff and t.id != skipped
        ]
        if not due:
            break
        task = min(due, key=lambda t: (t.due_at, t.id))
        user = USERS.get(task.system_role, "lead")
        if desk.user is None or desk.user.name != user:
            story.act_as(user)  # a password check is slow on purpose: only on change
        clock.advance(STEP)
        desk.tasks.done(task.id, NOTES.get(task.step_id, ""))
    if desk.user is None or desk.user.name != before:
        story.act_as(before)
