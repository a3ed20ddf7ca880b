"""The statements part of the demo crisis: one statement in every state, from the flood
playbook's templates, drafted by operators and decided by the spokesperson and the lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from crisisdesk.demo.story import Story
from crisisdesk.statements.variables import LocalizedText

L = LocalizedText


def step(story: Story) -> None:
    desk, clock = story.desk, story.clock
    flood = next(
        (i.id for i in desk.incidents.list("active") if not i.drill and i.playbook_id), None
    )
    if flood is None or not any(t.id == "holding" for t in desk.statements.templates(flood)):
        return
    st = desk.statements

    def as_user(name: str) -> None:
        story.act_as(name)

    def later(minutes: int) -> None:
        clock.advance(timedelta(minutes=minutes))

    def next_update(hours: int = 1) -> str:
        """The next full hour plus ``hours``, local time, as the form takes it."""
        local = clock.now().astimezone(ZoneInfo("Asia/Riyadh")) + timedelta(hours=hours)
        return f"{local.hour:02d}:00"

    title = L(
        "الأمطار الغزيرة وتجمّعات المياه في الدمام والخبر",
        "the heavy rain and flooding in Dammam and Al Khobar",
    )

    def titled(ar: str, en: str) -> dict[str, str]:
        return {"ar": ar, "en": en}

    east = L(
        "أحياء شرق الدمام ونفق طريق الملك سعود",
        "eastern Dammam and the King Saud Road underpass",
    )
    # 1. The holding statement: drafted, approved and published within half an hour.
    as_user("operator1")
    holding = st.draft(
        flood,
        "holding",
        {"area": east, "next_update_time": next_update()},
        title=titled("بيان أولي بشأن الأمطار الغزيرة", "Holding statement on the heavy rain"),
    ).statement.id
    later(4)
    st.submit(holding)
    later(6)
    as_user("spokesperson")
    st.approve(holding, story.password)
    later(3)
    as_user("operator1")
    st.publish(holding, "press")
    st.publish(holding, "clipboard")

    # 2. The first update, published, later superseded by the second.
    later(55)
    first = st.draft(
        flood,
        "update",
        {
            "update_number": "1",
            "incident_title": title,
            "next_update_time": next_update(2),
            "area": L("الدمام والخبر", "Dammam and Al Khobar"),
            "teams_count": "85",
            "closed_roads": L(
                "نفق تقاطع طريق الملك سعود مع شارع الأمير محمد بن فهد",
                "the King Saud Road underpass at Prince Mohammed bin Fahd Street",
            ),
        },
        title=titled("التحديث الأول بشأن الأمطار الغزيرة", "Update 1 on the heavy rain"),
    ).statement.id
    later(5)
    st.submit(first)
    later(7)
    as_user("spokesperson")
    st.approve(first, story.password)
    later(2)
    as_user("operator1")
    st.publish(first, "clipboard")

    # 3. An awareness message rejected with a comment for its author.
    later(20)
    as_user("operator2")
    awareness = st.draft(
        flood,
        "awareness-rain",
        {"area": L("المنطقة الشرقية", "the Eastern Province")},
        title=titled("رسالة توعوية: التنبيهات المطرية", "Awareness: rain alerts"),
    ).statement.id
    later(3)
    st.submit(awareness)
    later(9)
    as_user("spokesperson")
    st.reject(
        awareness,
        story.password,
        "تُؤجَّل الرسالة التوعوية حتى صدور تنبيه المركز الوطني للأرصاد القادم، "
        "ويُضاف إليها رابط الخريطة التفاعلية للطرق المغلقة.",
    )

    # 4. The second update: approved by the lead and scheduled for the next update time.
    later(35)
    as_user("operator1")
    second = st.draft(
        flood,
        "update",
        {
            "update_number": "2",
            "incident_title": title,
            "next_update_time": next_update(2),
            "area": L("الدمام والخبر", "Dammam and Al Khobar"),
            "teams_count": "120",
            "closed_roads": L(
                "نفق طريق الملك فهد عند تقاطع شارع الخليج",
                "the King Fahd Road underpass at Gulf Street",
            ),
            "official_casualties": L("لا إصابات مسجلة", "no injuries have been recorded"),
            "casualty_source": L(
                "المديرية العامة للدفاع المدني", "the General Directorate of Civil Defense"
            ),
        },
        title=titled("التحديث الثاني بشأن الأمطار الغزيرة", "Update 2 on the heavy rain"),
    ).statement.id
    later(4)
    st.submit(second)
    later(6)
    as_user("lead")
    st.approve(second, story.password)
    st.supersede(first, second)
    later(2)
    as_user("operator1")
    at = max(clock.now(), datetime.now(UTC)) + timedelta(hours=1)
    st.publish(second, "press", at=at.replace(second=0, microsecond=0))

    # 5. The third update, waiting in the spokesperson's queue.
    later(15)
    as_user("operator2")
    third = st.draft(
        flood,
        "update",
        {
            "update_number": "3",
            "incident_title": title,
            "next_update_time": next_update(2),
            "area": L("حاضرة الدمام", "the Dammam metropolitan area"),
            "teams_count": "140",
        },
        title=titled("التحديث الثالث بشأن الأمطار الغزيرة", "Update 3 on the heavy rain"),
    ).statement.id
    later(2)
    st.submit(third)
    as_user("lead")
