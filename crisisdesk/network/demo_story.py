"""The network's part of the demo: the flood touches Dammam, Khobar and Qatif. The lead
involves Qatif's media office, the messages are routed to their units, Dammam hands one
that belongs to Khobar over, Khobar escalates one to the centre, the units post to the
coordination board (Qatif has not yet: it shows stale), and the centre gives each affected
municipality a task."""

from __future__ import annotations

from datetime import timedelta

from crisisdesk.clock import ManualClock
from crisisdesk.demo_acting import act_as
from crisisdesk.desk import Desk


def step(desk: Desk, clock: ManualClock) -> None:
    from crisisdesk.demo import DEMO_PASSWORD, flood_incident

    incident = flood_incident(desk)
    network = desk.network
    clock.advance(timedelta(minutes=2))
    act_as(desk, "admin", DEMO_PASSWORD)
    desk.users.add("operator3", DEMO_PASSWORD, "operator", "سارة الزهراني", "بلدية الدمام")
    network.set_member("operator3", "dammam")  # Dammam's media office
    act_as(desk, "lead", DEMO_PASSWORD)
    network.involve(incident, ["qatif"])
    network.queues.route_pending(incident)
    act_as(desk, "operator3", DEMO_PASSWORD)
    dammam = network.queues.queue(incident, unit="dammam", route=False)
    mentions_khobar = next((q for q in dammam if "الخبر" in q.text), None)
    if mentions_khobar is not None:
        clock.advance(timedelta(minutes=3))
        network.queues.hand_off(
            mentions_khobar.interaction_id, "khobar", "الموقع المذكور يتبع بلدية الخبر"
        )
    clock.advance(timedelta(minutes=4))
    network.board.post(
        incident, status="strained", affected_areas="حي الفيصلية، حي الشاطئ، حي الجلوية",
        open_issues="نفق طريق الملك فهد مغلق؛ مضختان معطلتان في الفيصلية",
        needs="صهاريج شفط إضافية وتنسيق مع المرور", next_update_minutes=60,
    )  # fmt: skip
    act_as(desk, "operator2", DEMO_PASSWORD)  # Khobar's media office
    khobar = network.queues.queue(incident, unit="khobar", route=False)
    if khobar:
        clock.advance(timedelta(minutes=2))
        network.queues.escalate(
            khobar[-1].interaction_id, "بلاغ عن عالقين يحتاج تنسيق الدفاع المدني عبر المركز"
        )
    clock.advance(timedelta(minutes=3))
    network.board.post(
        incident, status="watch", affected_areas="حي الثقبة، حي العقربية",
        open_issues="تجمعات مياه عند الإشارات", needs="", next_update_minutes=120,
    )  # fmt: skip
    act_as(desk, "lead", DEMO_PASSWORD)
    clock.advance(timedelta(minutes=5))
    network.board.post(
        incident, status="strained", affected_areas="الدمام، الخبر، القطيف",
        open_issues="شائعة انهيار سد تنتشر", needs="", next_update_minutes=120,
    )  # fmt: skip
    tasks = network.board.assign(
        incident, "affected", "انشروا رقم الطوارئ المحلي ومواقع الإيواء على حساباتكم",
        due_minutes=45,
    )  # fmt: skip
    act_as(desk, "operator2", DEMO_PASSWORD)
    for task in tasks:
        if task.unit == "khobar":
            clock.advance(timedelta(minutes=10))
            network.board.done(task.id, "نُشر على حساب البلدية في إكس وواتساب")
    act_as(desk, "lead", DEMO_PASSWORD)
