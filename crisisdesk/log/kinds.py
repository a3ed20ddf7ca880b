"""The catalogue of decision kinds: every kind the core writes to the log, with its label.

A decision's ``kind`` is how screens, filters, exports and scoring tell decisions apart,
so it is named once here instead of spelled as a string at each ``decide()``. Each kind
carries a short Arabic and English label (what the Log screen and its filter show); the
entry's own ``summary_ar``/``summary_en`` still say what exactly was decided.
``tests/unit/log/test_kinds.py`` checks that every ``decide()`` passes a `Kind` and that
every kind has both labels.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Kind", "kind_summary"]


class Kind(StrEnum):
    """A decision's kind, as stored in its log entry (the value is the stored text)."""

    BOARD_POSTED = "board.posted"
    CLUSTER_MERGED = "cluster.merged"
    CLUSTER_SPLIT = "cluster.split"
    CLUSTER_UPDATED = "cluster.updated"
    CONNECTOR_CONFIGURED = "connector.configured"
    CONNECTOR_SECRETS_MOVED = "connector.secrets_moved"
    EXERCISE_JUMPED = "exercise.jumped"
    EXERCISE_LIST_ADDED = "exercise.list_added"
    EXERCISE_NOTED = "exercise.noted"
    EXERCISE_PAUSED = "exercise.paused"
    EXERCISE_RESUMED = "exercise.resumed"
    EXERCISE_SPEED = "exercise.speed"
    EXERCISE_STARTED = "exercise.started"
    EXERCISE_STOPPED = "exercise.stopped"
    EXPORT_CREATED = "export.created"
    INCIDENT_CLOSED = "incident.closed"
    INCIDENT_OPENED = "incident.opened"
    INCIDENT_SEVERITY_CHANGED = "incident.severity_changed"
    INCIDENT_UNITS = "incident.units"
    INTAKE_EXERCISE_INJECTED = "intake.exercise_injected"
    INTAKE_IMPORTED = "intake.imported"
    INTAKE_POLLED = "intake.polled"
    INTAKE_QUARANTINE_DISCARDED = "intake.quarantine_discarded"
    INTAKE_QUARANTINE_RETRIED = "intake.quarantine_retried"
    INTAKE_WEBHOOK = "intake.webhook"
    INTERACTION_ESCALATED = "interaction.escalated"
    INTERACTION_HANDED_OFF = "interaction.handed_off"
    INTERACTION_OVERDUE = "interaction.overdue"
    INTERACTION_REPLIED = "interaction.replied"
    INTERACTION_REPLY_CHECKED = "interaction.reply_checked"
    INTERACTION_REPLY_FAILED = "interaction.reply_failed"
    INTERACTION_REPLY_SENDING = "interaction.reply_sending"
    INTERACTION_REPLY_UNKNOWN = "interaction.reply_unknown"
    INTERACTION_TRIAGED = "interaction.triaged"
    LOG_CHECKPOINT = "log.checkpoint"
    LOG_CORRECTION = "log.correction"
    LOG_KEY_REGISTERED = "log.key_registered"
    NETWORK_BRIEFING = "network.briefing"
    NETWORK_OPTIN = "network.optin"
    NETWORK_RECIPIENT = "network.recipient"
    NETWORK_ROUTED = "network.routed"
    NETWORK_TEMPLATE = "network.template"
    PLAYBOOK_ACTIVATED = "playbook.activated"
    PLAYBOOK_ADDED = "playbook.added"
    PLAYBOOK_LANGUAGE_REVIEWED = "playbook.language_reviewed"
    ROOM_ZONE_CHANGED = "room.zone_changed"
    SECRETS_DELETED = "secrets.deleted"
    SECRETS_SET = "secrets.set"
    SECURITY_APPROVAL_SECRET_ENABLED = "security.approval_secret_enabled"
    SECURITY_APPROVAL_SECRET_REVOKED = "security.approval_secret_revoked"
    SECURITY_REFUSED = "security.refused"
    SECURITY_SIGNIN_FAILED = "security.signin_failed"
    SITREP_DRAFTED = "sitrep.drafted"
    STATEMENT_APPROVED = "statement.approved"
    STATEMENT_CO_APPROVAL = "statement.co_approval"
    STATEMENT_CASCADED = "statement.cascaded"
    STATEMENT_CHANNELS_CONFIGURED = "statement.channels_configured"
    STATEMENT_DRAFTED = "statement.drafted"
    STATEMENT_LOCALISED = "statement.localised"
    STATEMENT_PUBLICATION_CANCELLED = "statement.publication_cancelled"
    STATEMENT_PUBLISH_CHECKED = "statement.publish_checked"
    STATEMENT_PUBLISH_FAILED = "statement.publish_failed"
    STATEMENT_PUBLISH_LATE_CONFIRMED = "statement.publish_late_confirmed"
    STATEMENT_PUBLISH_MISSED = "statement.publish_missed"
    STATEMENT_PUBLISH_REQUESTED = "statement.publish_requested"
    STATEMENT_PUBLISH_RETRIED = "statement.publish_retried"
    STATEMENT_PUBLISH_UNKNOWN = "statement.publish_unknown"
    STATEMENT_PUBLISHED = "statement.published"
    STATEMENT_REFUSED = "statement.refused"
    STATEMENT_REJECTED = "statement.rejected"
    STATEMENT_SCHEDULE_FIRED = "statement.schedule_fired"
    STATEMENT_SCHEDULED = "statement.scheduled"
    STATEMENT_SUBMITTED = "statement.submitted"
    STATEMENT_SUPERSEDED = "statement.superseded"
    STATEMENT_UNIT = "statement.unit"
    STATEMENT_VERSION_SAVED = "statement.version_saved"
    TASK_DONE = "task.done"
    TASK_NOT_APPLICABLE = "task.not_applicable"
    TASK_OCCURRENCES_SKIPPED = "task.occurrences_skipped"
    TASK_REASSIGNED = "task.reassigned"
    TASK_SKIPPED = "task.skipped"
    TASK_SPAWNED = "task.spawned"
    TRIAGE_SETTINGS_CHANGED = "triage.settings_changed"
    UNIT_ADDED = "unit.added"
    UNIT_EDITED = "unit.edited"
    UNIT_MEMBER = "unit.member"
    UNIT_TASK_ASSIGNED = "unit_task.assigned"
    UNIT_TASK_DONE = "unit_task.done"
    USER_ADDED = "user.added"
    USER_DEACTIVATED = "user.deactivated"
    USER_PASSWORD_CHANGED = "user.password_changed"
    USER_PASSWORD_RESET = "user.password_reset"
    USER_REACTIVATED = "user.reactivated"
    USER_ROLE_CHANGED = "user.role_changed"

    @property
    def summary_ar(self) -> str:
        """The kind's short Arabic label (the Log screen's kind column and filter)."""
        return _SUMMARIES[self][0]

    @property
    def summary_en(self) -> str:
        """The kind's short English label."""
        return _SUMMARIES[self][1]


_SUMMARIES: dict[Kind, tuple[str, str]] = {
    Kind.BOARD_POSTED: ("تحديث على لوحة التنسيق", "Coordination board update"),
    Kind.CLUSTER_MERGED: ("دمج مجموعتي رسائل", "Message clusters merged"),
    Kind.CLUSTER_SPLIT: ("فصل رسائل من مجموعة", "Messages split from a cluster"),
    Kind.CLUSTER_UPDATED: ("تعديل مجموعة رسائل", "Message cluster updated"),
    Kind.CONNECTOR_CONFIGURED: ("ضبط مصدر استقبال", "Intake connector configured"),
    Kind.CONNECTOR_SECRETS_MOVED: ("نقل أسرار مصدر الاستقبال", "Connector secrets moved"),
    Kind.EXERCISE_JUMPED: ("الانتقال إلى حدث التمرين التالي", "Exercise jumped ahead"),
    Kind.EXERCISE_LIST_ADDED: ("إضافة قائمة أحداث للتمرين", "Exercise inject list added"),
    Kind.EXERCISE_NOTED: ("ملاحظة مراقب التمرين", "Exercise observer note"),
    Kind.EXERCISE_PAUSED: ("إيقاف التمرين مؤقتاً", "Exercise paused"),
    Kind.EXERCISE_RESUMED: ("استئناف التمرين", "Exercise resumed"),
    Kind.EXERCISE_SPEED: ("تغيير سرعة التمرين", "Exercise speed changed"),
    Kind.EXERCISE_STARTED: ("بدء التمرين", "Exercise started"),
    Kind.EXERCISE_STOPPED: ("إنهاء التمرين", "Exercise stopped"),
    Kind.EXPORT_CREATED: ("تصدير حزمة المراجعة", "Review bundle exported"),
    Kind.INCIDENT_CLOSED: ("إغلاق حادثة", "Incident closed"),
    Kind.INCIDENT_OPENED: ("فتح حادثة", "Incident opened"),
    Kind.INCIDENT_SEVERITY_CHANGED: ("تغيير درجة الخطورة", "Severity changed"),
    Kind.INCIDENT_UNITS: ("تغيير الجهات المشاركة", "Involved units changed"),
    Kind.INTAKE_EXERCISE_INJECTED: ("رسائل من التمرين", "Exercise messages injected"),
    Kind.INTAKE_IMPORTED: ("استيراد رسائل", "Messages imported"),
    Kind.INTAKE_POLLED: ("جلب رسائل من مصدر", "Messages fetched from a source"),
    Kind.INTAKE_QUARANTINE_DISCARDED: ("حذف من العزل", "Quarantine discarded"),
    Kind.INTAKE_QUARANTINE_RETRIED: ("إعادة محاولة من العزل", "Quarantine retried"),
    Kind.INTAKE_WEBHOOK: ("رسائل عبر الخطاف", "Messages received by webhook"),
    Kind.INTERACTION_ESCALATED: ("تصعيد رسالة إلى المركز", "Message escalated"),
    Kind.INTERACTION_HANDED_OFF: ("تحويل رسالة إلى جهة أخرى", "Message handed off"),
    Kind.INTERACTION_OVERDUE: ("رسائل تجاوزت موعد الرد", "Messages overdue"),
    Kind.INTERACTION_REPLIED: ("رد على رسالة", "Message answered"),
    Kind.INTERACTION_REPLY_CHECKED: ("تأكيد نتيجة رد", "Reply outcome checked"),
    Kind.INTERACTION_REPLY_FAILED: ("فشل إرسال رد", "Reply failed"),
    Kind.INTERACTION_REPLY_SENDING: ("إرسال رد", "Reply sending"),
    Kind.INTERACTION_REPLY_UNKNOWN: ("نتيجة رد غير معروفة", "Reply outcome unknown"),
    Kind.INTERACTION_TRIAGED: ("فرز رسالة", "Message triaged"),
    Kind.LOG_CHECKPOINT: ("نقطة تحقق موقّعة", "Signed checkpoint"),
    Kind.LOG_CORRECTION: ("تصحيح قرار", "Decision corrected"),
    Kind.LOG_KEY_REGISTERED: ("تسجيل مفتاح توقيع", "Signing key registered"),
    Kind.NETWORK_BRIEFING: ("إحاطة للجهات", "Network briefing sent"),
    Kind.NETWORK_OPTIN: ("اشتراك في الإحاطات", "Briefing opt-in"),
    Kind.NETWORK_RECIPIENT: ("تعديل قائمة مستلمي الإحاطات", "Briefing recipient edited"),
    Kind.NETWORK_ROUTED: ("توجيه رسائل إلى الجهات", "Messages routed"),
    Kind.NETWORK_TEMPLATE: ("تعديل قالب إحاطة", "Briefing template edited"),
    Kind.PLAYBOOK_ACTIVATED: ("تفعيل دليل الإجراءات", "Playbook activated"),
    Kind.PLAYBOOK_ADDED: ("إضافة دليل إجراءات", "Playbook added"),
    Kind.PLAYBOOK_LANGUAGE_REVIEWED: ("مراجعة لغة الدليل", "Playbook language reviewed"),
    Kind.ROOM_ZONE_CHANGED: ("تغيير المنطقة الزمنية للغرفة", "Room time zone changed"),
    Kind.SECRETS_DELETED: ("حذف سر", "Secret deleted"),
    Kind.SECRETS_SET: ("حفظ سر", "Secret set"),
    Kind.SECURITY_APPROVAL_SECRET_ENABLED: ("تفعيل رمز الاعتماد", "Approval code enabled"),
    Kind.SECURITY_APPROVAL_SECRET_REVOKED: ("إلغاء رمز الاعتماد", "Approval code revoked"),
    Kind.SECURITY_REFUSED: ("رفض إجراء غير مصرح", "Action refused"),
    Kind.SECURITY_SIGNIN_FAILED: ("فشل تسجيل الدخول", "Sign-in failed"),
    Kind.SITREP_DRAFTED: ("صياغة تقرير موقف", "Situation report drafted"),
    Kind.STATEMENT_APPROVED: ("اعتماد بيان", "Statement approved"),
    Kind.STATEMENT_CO_APPROVAL: (
        "اعتماد أول لبيان بلدية ينتظر الطرف الآخر",
        "First of two approvals of a unit's statement",
    ),
    Kind.STATEMENT_CASCADED: ("تعميم بيان على الجهات", "Statement cascaded"),
    Kind.STATEMENT_CHANNELS_CONFIGURED: ("ضبط قنوات النشر", "Publishing channels configured"),
    Kind.STATEMENT_DRAFTED: ("صياغة بيان", "Statement drafted"),
    Kind.STATEMENT_LOCALISED: ("تكييف بيان لجهة", "Statement localised"),
    Kind.STATEMENT_PUBLICATION_CANCELLED: ("إلغاء نشر بيان", "Publication cancelled"),
    Kind.STATEMENT_PUBLISH_CHECKED: ("تأكيد نتيجة نشر", "Publication outcome checked"),
    Kind.STATEMENT_PUBLISH_FAILED: ("فشل نشر بيان", "Publication failed"),
    Kind.STATEMENT_PUBLISH_LATE_CONFIRMED: ("تأكيد نشر متأخر", "Late publication confirmed"),
    Kind.STATEMENT_PUBLISH_MISSED: ("فوات موعد نشر", "Scheduled publication missed"),
    Kind.STATEMENT_PUBLISH_REQUESTED: ("طلب نشر بيان", "Publication requested"),
    Kind.STATEMENT_PUBLISH_RETRIED: ("إعادة محاولة النشر", "Publication retried"),
    Kind.STATEMENT_PUBLISH_UNKNOWN: ("نتيجة نشر غير معروفة", "Publication outcome unknown"),
    Kind.STATEMENT_PUBLISHED: ("نشر بيان", "Statement published"),
    Kind.STATEMENT_REFUSED: ("رفض عملية على بيان", "Statement action refused"),
    Kind.STATEMENT_REJECTED: ("رفض بيان", "Statement rejected"),
    Kind.STATEMENT_SCHEDULE_FIRED: ("تنفيذ نشر مجدول", "Scheduled publication fired"),
    Kind.STATEMENT_SCHEDULED: ("جدولة نشر بيان", "Statement scheduled"),
    Kind.STATEMENT_SUBMITTED: ("تقديم بيان للاعتماد", "Statement submitted"),
    Kind.STATEMENT_SUPERSEDED: ("استبدال بيان", "Statement superseded"),
    Kind.STATEMENT_UNIT: ("تولي جهة لبيان", "Statement taken by a unit"),
    Kind.STATEMENT_VERSION_SAVED: ("حفظ نسخة من بيان", "Statement version saved"),
    Kind.TASK_DONE: ("إنجاز مهمة", "Task done"),
    Kind.TASK_NOT_APPLICABLE: ("مهمة غير منطبقة", "Task not applicable"),
    Kind.TASK_OCCURRENCES_SKIPPED: ("تجاوز تكرارات مهمة", "Task occurrences skipped"),
    Kind.TASK_REASSIGNED: ("إعادة إسناد مهمة", "Task reassigned"),
    Kind.TASK_SKIPPED: ("تجاوز مهمة", "Task skipped"),
    Kind.TASK_SPAWNED: ("إنشاء مهمة متكررة", "Recurring task spawned"),
    Kind.TRIAGE_SETTINGS_CHANGED: ("تغيير إعدادات الفرز", "Triage settings changed"),
    Kind.UNIT_ADDED: ("إضافة جهة", "Unit added"),
    Kind.UNIT_EDITED: ("تعديل جهة", "Unit edited"),
    Kind.UNIT_MEMBER: ("تغيير عضوية جهة", "Unit membership changed"),
    Kind.UNIT_TASK_ASSIGNED: ("إسناد مهمة لجهة", "Unit task assigned"),
    Kind.UNIT_TASK_DONE: ("إنجاز مهمة جهة", "Unit task done"),
    Kind.USER_ADDED: ("إضافة مستخدم", "User added"),
    Kind.USER_DEACTIVATED: ("إيقاف حساب", "User deactivated"),
    Kind.USER_PASSWORD_CHANGED: ("تغيير كلمة المرور", "Password changed"),
    Kind.USER_PASSWORD_RESET: ("إعادة تعيين كلمة المرور", "Password reset"),
    Kind.USER_REACTIVATED: ("إعادة تفعيل حساب", "User reactivated"),
    Kind.USER_ROLE_CHANGED: ("تغيير دور مستخدم", "User role changed"),
}


def kind_summary(kind: str, language: str) -> str:
    """The label of a stored kind in ``language`` ("ar" or "en"); an unknown kind (from a
    newer version's log) is shown as stored."""
    try:
        known = Kind(kind)
    except ValueError:
        return kind
    return known.summary_ar if language == "ar" else known.summary_en
