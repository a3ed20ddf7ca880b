"""The network's part of the demo: the flood touches Dammam, Khobar and Qatif. The lead
involves Qatif's media office, the messages are routed to their units, Dammam hands one
that belongs to Khobar over, Khobar escalates one to the centre, the units post to the
coordination board (Qatif has not yet: it shows stale), and the centre gives each affected
municipality a task."""

from __future__ import annotations

from datetime import timedelta

from crisisdesk.demo.story import Story


def step(story: Story) -> None:
    desk, clock, incident = story.desk, story.clock, story.flood
    network = desk.network
    clock.advance(timedelta(minutes=2))
    story.act_as("admin")
    desk.users.add("operator3", story.password, "operator", "سارة الزهراني", "بلدية الدمام")
    network.set_member("operator3", "dammam")  # Dammam's media office
    story.act_as("lead")
    network.involve(incident, ["qatif"])
    network.queues.route_pending(incident)
    story.act_as("operator3")
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
    story.act_as("operator2")  # Khobar's media office
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
    story.act_as("lead")
    clock.advance(timedelta(minutes=5))
    network.board.post(
        incident, status="strained", affected_areas="الدمام، الخبر، القطيف",
        open_issues="شائعة انهيار سد تنتشر", needs="", next_update_minutes=120,
    )  # fmt: skip
    tasks = network.board.assign(
        incident, "affected", "انشروا رقم الطوارئ المحلي ومواقع الإيواء على حساباتكم",
        due_minutes=45,
    )  # fmt: skip
    story.act_as("operator2")
    for task in tasks:
        if task.unit == "khobar":
            clock.advance(timedelta(minutes=10))
            network.board.done(task.id, "نُشر على حساب البلدية في إكس وواتساب")
    story.act_as("lead")
