<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>Account</name>
    <message>
        <source> Reason: %1</source>
        <translation> السبب: %1</translation>
    </message>
    <message>
        <source>Your account was deactivated by %1. You have been signed out.</source>
        <translation>أوقف %1 حسابك. سُجِّل خروجك.</translation>
    </message>
    <message>
        <source>%1 reset your password. Sign in again with the new password.</source>
        <translation>أعاد %1 تعيين كلمة مرورك. سجّل الدخول مجددًا بكلمة المرور الجديدة.</translation>
    </message>
    <message>
        <source>%1 changed your role from %2 to %3; the screens now offer what this role may do.</source>
        <translation>غيّر %1 دورك من %2 إلى %3؛ تعرض الشاشات الآن ما يحق لهذا الدور.</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <source>Open</source>
        <translation>مفتوحة</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>متأخرة</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>منجزة</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>المهمة</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>المسؤول</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>الموعد</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>الوقت المتبقي</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>أنجزها</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>الملاحظة</translation>
    </message>
    <message>
        <source>(#%1)</source>
        <translation>(التكرار %1)</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>بعد %1</translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation>متأخرة %1</translation>
    </message>
    <message>
        <source>Mark task done</source>
        <translation>تسجيل إنجاز المهمة</translation>
    </message>
    <message>
        <source>Note for the log (optional; Ctrl+Enter to confirm):</source>
        <translation>ملاحظة للسجل (اختيارية؛ Ctrl+Enter للتأكيد):</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>تسجيل الإنجاز</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>قائمة المهام</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>أُنجزت: %1</translation>
    </message>
    <message>
        <source>This incident has no checklist: it was opened without a playbook.</source>
        <translation>لا توجد قائمة مهام لهذه الحادثة: فُتحت دون دليل سيناريو.</translation>
    </message>
    <message>
        <source>No tasks.</source>
        <translation>لا توجد مهام.</translation>
    </message>
    <message>
        <source>%1 of %2 tasks done · %3 overdue</source>
        <translation>أُنجزت %1 من %2 مهمة — المتأخرة %3</translation>
    </message>
    <message>
        <source>next due in %1</source>
        <translation>الموعد التالي بعد %1</translation>
    </message>
    <message>
        <source>Mark done…</source>
        <translation>تسجيل الإنجاز…</translation>
    </message>
    <message>
        <source>Mark the selected task done, with a note (Enter)</source>
        <translation>تسجيل إنجاز المهمة المحددة مع ملاحظة (Enter)</translation>
    </message>
    <message>
        <source>Your role cannot mark tasks done</source>
        <translation>لا يتيح دورك تسجيل إنجاز المهام</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>تم تجاوزها</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>لا تنطبق</translation>
    </message>
    <message>
        <source>Reassigned to %1; its playbook role: %2</source>
        <translation>أُسندت إلى %1؛ دورها في الدليل: %2</translation>
    </message>
    <message>
        <source>Skip task</source>
        <translation>تجاوز المهمة</translation>
    </message>
    <message>
        <source>Why is it not done? (required, for the log)</source>
        <translation>لماذا لم تُنجز؟ (مطلوب، للسجل)</translation>
    </message>
    <message>
        <source>Not applicable to this incident</source>
        <translation>لا تنطبق على هذه الحادثة</translation>
    </message>
    <message>
        <source> (it stops repeating)</source>
        <translation> (ويتوقف تكرارها)</translation>
    </message>
    <message>
        <source>Mark not applicable</source>
        <translation>اعتبارها غير منطبقة</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>تجاوز</translation>
    </message>
    <message>
        <source>Reassign task</source>
        <translation>إعادة إسناد المهمة</translation>
    </message>
    <message>
        <source>Give it to:</source>
        <translation>أسندها إلى:</translation>
    </message>
    <message>
        <source>Its playbook role (no one in particular)</source>
        <translation>دورها في دليل السيناريو (دون شخص محدد)</translation>
    </message>
    <message>
        <source>Reason (optional):</source>
        <translation>السبب (اختياري):</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>إعادة الإسناد</translation>
    </message>
    <message>
        <source>Select a task first</source>
        <translation>اختر مهمة أولًا</translation>
    </message>
    <message>
        <source>This task is closed</source>
        <translation>هذه المهمة مغلقة</translation>
    </message>
    <message>
        <source>This occurrence is not due yet: from %1</source>
        <translation>لم يحن موعد هذا التكرار بعد: يمكن إنجازه من %1</translation>
    </message>
    <message>
        <source>Reassigned to %2: %1</source>
        <translation>أُسندت إلى %2: %1</translation>
    </message>
    <message>
        <source>Back with its playbook role: %1</source>
        <translation>أُعيدت إلى دورها في الدليل: %1</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>تم التجاوز: %1</translation>
    </message>
    <message>
        <source>Not applicable: %1</source>
        <translation>لا تنطبق: %1</translation>
    </message>
    <message>
        <source>Skip the selected task, or mark it not applicable, with a reason</source>
        <translation>تجاوز المهمة المحددة أو اعتبارها غير منطبقة، مع ذكر السبب</translation>
    </message>
    <message>
        <source>Hand the selected task to a colleague</source>
        <translation>إسناد المهمة المحددة إلى زميل</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>تجاوز…</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>إعادة إسناد…</translation>
    </message>
    <message>
        <source>Only its owner or the incident lead can reassign it</source>
        <translation>لا يعيد إسنادها إلا صاحبها أو قائد الحادثة</translation>
    </message>
    <message>
        <source>It was reassigned to %1</source>
        <translation>أُسندت إلى %1</translation>
    </message>
    <message>
        <source>It belongs to the %1; they or the incident lead can complete it</source>
        <translation>هي من مهام %1؛ يُنجزها هو أو قائد الحادثة</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>No data yet</source>
        <translation>لا توجد بيانات بعد</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>لوحة المؤشرات</translation>
    </message>
    <message>
        <source>DRILL</source>
        <translation>تمرين</translation>
    </message>
    <message>
        <source>Export review bundle…</source>
        <translation>تصدير حزمة المراجعة…</translation>
    </message>
    <message>
        <source>Activation to first approved statement</source>
        <translation>من التفعيل إلى أول بيان معتمد</translation>
    </message>
    <message>
        <source>Activation to first published statement</source>
        <translation>من التفعيل إلى أول بيان منشور</translation>
    </message>
    <message>
        <source>Approval turnaround (median / p90)</source>
        <translation>مدة الاعتماد (الوسيط / المئين 90)</translation>
    </message>
    <message>
        <source>Interactions received</source>
        <translation>التفاعلات الواردة</translation>
    </message>
    <message>
        <source>First response (median / p90)</source>
        <translation>زمن أول رد (الوسيط / المئين 90)</translation>
    </message>
    <message>
        <source>Answered within target</source>
        <translation>الردود ضمن المهلة</translation>
    </message>
    <message>
        <source>Overdue interactions</source>
        <translation>تفاعلات متأخرة</translation>
    </message>
    <message>
        <source>Rumour clusters (count / largest)</source>
        <translation>مجموعات الشائعات (العدد / الأكبر)</translation>
    </message>
    <message>
        <source>Checklist done on time</source>
        <translation>مهام القائمة المنجزة في موعدها</translation>
    </message>
    <message>
        <source>Decisions recorded</source>
        <translation>القرارات المسجلة</translation>
    </message>
    <message>
        <source>Interactions per hour by channel</source>
        <translation>التفاعلات في كل ساعة حسب القناة</translation>
    </message>
    <message>
        <source>Open interactions (backlog)</source>
        <translation>التفاعلات المفتوحة (المتراكمة)</translation>
    </message>
    <message>
        <source>First-response times</source>
        <translation>أزمنة أول رد</translation>
    </message>
    <message>
        <source>Overdue tasks</source>
        <translation>مهام متأخرة</translation>
    </message>
    <message>
        <source>Approvals waiting</source>
        <translation>بيانات بانتظار الاعتماد</translation>
    </message>
    <message>
        <source>Largest rumour clusters</source>
        <translation>أكبر مجموعات الشائعات</translation>
    </message>
    <message>
        <source>Tone of the public</source>
        <translation>نبرة الجمهور</translation>
    </message>
    <message>
        <source>Messages per hour by tone</source>
        <translation>الرسائل في الساعة حسب النبرة</translation>
    </message>
    <message>
        <source>Negative messages by channel (%)</source>
        <translation>الرسائل السلبية حسب القناة (٪)</translation>
    </message>
    <message>
        <source>Negative tone two hours before and after each statement</source>
        <translation>النبرة السلبية قبل كل بيان وبعده بساعتين</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>حتى %1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>مفتوحة</translation>
    </message>
    <message>
        <source>cluster %1</source>
        <translation>المجموعة %1</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>سلبية</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>محايدة</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>إيجابية</translation>
    </message>
    <message>
        <source>%1 before, %2 after</source>
        <translation>%1 قبل، %2 بعد</translation>
    </message>
    <message>
        <source>calmer</source>
        <translation>أهدأ</translation>
    </message>
    <message>
        <source>angrier</source>
        <translation>أشد غضبًا</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>دون تغيير</translation>
    </message>
    <message>
        <source>%1 messages scored: %2% negative, net %3; anger %4, fear %5</source>
        <translation>قُيّمت نبرة %1 رسالة: %2٪ سلبية، والصافي %3؛ غضب %4، خوف %5</translation>
    </message>
    <message>
        <source>No message scored yet</source>
        <translation>لم تُقيَّم نبرة أي رسالة بعد</translation>
    </message>
    <message>
        <source>None</source>
        <translation>لا يوجد</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1٪</translation>
    </message>
    <message>
        <source>&lt;5m</source>
        <translation>&lt;5د</translation>
    </message>
    <message>
        <source>&lt;15m</source>
        <translation>&lt;15د</translation>
    </message>
    <message>
        <source>&lt;30m</source>
        <translation>&lt;30د</translation>
    </message>
    <message>
        <source>&lt;1h</source>
        <translation>&lt;1س</translation>
    </message>
    <message>
        <source>&lt;2h</source>
        <translation>&lt;2س</translation>
    </message>
    <message>
        <source>&lt;4h</source>
        <translation>&lt;4س</translation>
    </message>
    <message>
        <source>&lt;12h</source>
        <translation>&lt;12س</translation>
    </message>
    <message>
        <source>&lt;24h</source>
        <translation>&lt;24س</translation>
    </message>
    <message>
        <source>more</source>
        <translation>أكثر</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>الوحدة</translation>
    </message>
    <message>
        <source>Messages (open)</source>
        <translation>الرسائل (المفتوحة)</translation>
    </message>
    <message>
        <source>Within target</source>
        <translation>ضمن المهلة</translation>
    </message>
    <message>
        <source>Hand-offs out / in, escalated</source>
        <translation>إحالات صادرة / واردة، تصعيد</translation>
    </message>
    <message>
        <source>Board updates on time</source>
        <translation>تحديثات اللوحة في موعدها</translation>
    </message>
    <message>
        <source>Statements (approved / published)</source>
        <translation>البيانات (معتمدة / منشورة)</translation>
    </message>
    <message>
        <source>Network statements received</source>
        <translation>بيانات الشبكة المستلمة</translation>
    </message>
    <message>
        <source>Network statement to local publication (median)</source>
        <translation>من بيان الشبكة إلى النشر المحلي (الوسيط)</translation>
    </message>
    <message>
        <source> — update overdue</source>
        <translation> — تأخر التحديث</translation>
    </message>
    <message>
        <source>Indicators per unit</source>
        <translation>المؤشرات حسب الوحدة</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>الساعة</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>الرسائل</translation>
    </message>
    <message>
        <source>time to first reply</source>
        <translation>زمن أول رد</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>القناة</translation>
    </message>
    <message>
        <source>% negative</source>
        <translation>٪ سلبية</translation>
    </message>
</context>
<context>
    <name>DecisionLog</name>
    <message>
        <source>Seq</source>
        <translation>الرقم</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>المنفّذ</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>الملخص</translation>
    </message>
    <message>
        <source>Hash: %1</source>
        <translation>البصمة: %1</translation>
    </message>
    <message>
        <source>Decision log</source>
        <translation>سجل القرارات</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>جميع الأنواع</translation>
    </message>
    <message>
        <source>All actors</source>
        <translation>جميع المنفّذين</translation>
    </message>
    <message>
        <source>Search the summaries…</source>
        <translation>ابحث في الملخصات…</translation>
    </message>
    <message>
        <source>This incident only</source>
        <translation>هذه الحادثة فقط</translation>
    </message>
    <message>
        <source>Checkpoint now</source>
        <translation>توقيع نقطة تحقق الآن</translation>
    </message>
    <message>
        <source>Copy hash</source>
        <translation>نسخ البصمة</translation>
    </message>
    <message>
        <source>Copy the selected decision&apos;s hash</source>
        <translation>نسخ بصمة القرار المحدد</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>تحقق من السجل</translation>
    </message>
    <message>
        <source>Recompute the hash chain and check the signatures</source>
        <translation>إعادة حساب سلسلة البصمات والتحقق من التواقيع</translation>
    </message>
    <message>
        <source>Stop verifying</source>
        <translation>إيقاف التحقق</translation>
    </message>
    <message>
        <source>%1 decisions</source>
        <translation>عدد القرارات: %1</translation>
    </message>
    <message>
        <source>Select a decision to see its details.</source>
        <translation>اختر قرارًا لعرض تفاصيله.</translation>
    </message>
    <message>
        <source>Decision %1 · %2</source>
        <translation>القرار %1 — %2</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>الموضوع: %1</translation>
    </message>
    <message>
        <source>Previous: %1</source>
        <translation>البصمة السابقة: %1</translation>
    </message>
    <message>
        <source>Corrects decision %1</source>
        <translation>تصحيح للقرار %1</translation>
    </message>
    <message>
        <source>Hash of decision %1 copied</source>
        <translation>نُسخت بصمة القرار %1</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
    <message>
        <source>Verification could not run: %1</source>
        <translation>تعذّر إجراء التحقق: %1</translation>
    </message>
    <message>
        <source>Verification stopped before the end.</source>
        <translation>توقف التحقق قبل اكتماله.</translation>
    </message>
    <message>
        <source>Valid. Entries: %1; signed checkpoints checked: %2; entries after the last checkpoint (unsigned tail): %3.</source>
        <translation>السجل سليم. عدد القيود: %1؛ نقاط التحقق الموقّعة التي فُحصت: %2؛ القيود اللاحقة لآخر نقطة تحقق (غير موقّعة): %3.</translation>
    </message>
    <message>
        <source>TAMPERED: the log fails verification at decision %1. %2</source>
        <translation>تلاعب: يفشل التحقق من السجل عند القرار %1. %2</translation>
    </message>
    <message>
        <source>Signed a checkpoint at decision %1</source>
        <translation>وُقّعت نقطة تحقق عند القرار %1</translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <source>just now</source>
        <translation>الآن</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>منخفضة</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>متوسطة</translation>
    </message>
    <message>
        <source>High</source>
        <translation>عالية</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>حرجة</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>مشغّل</translation>
    </message>
    <message>
        <source>Spokesperson</source>
        <translation>متحدث رسمي</translation>
    </message>
    <message>
        <source>Incident lead</source>
        <translation>قائد الحادثة</translation>
    </message>
    <message>
        <source>Exercise observer</source>
        <translation>مراقب التمرين</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>مراجع</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>مسؤول النظام</translation>
    </message>
    <message>
        <source>System</source>
        <translation>النظام</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>نشطة</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>مغلقة</translation>
    </message>
    <message>
        <source>Room time: %1</source>
        <translation>توقيت الغرفة: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n د</numerusform>
            <numerusform>%n د</numerusform>
            <numerusform>%n د</numerusform>
            <numerusform>%n د</numerusform>
            <numerusform>%n د</numerusform>
            <numerusform>%n د</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n س</numerusform>
            <numerusform>%n س</numerusform>
            <numerusform>%n س</numerusform>
            <numerusform>%n س</numerusform>
            <numerusform>%n س</numerusform>
            <numerusform>%n س</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <translation>
            <numerusform>%n ي</numerusform>
            <numerusform>%n ي</numerusform>
            <numerusform>%n ي</numerusform>
            <numerusform>%n ي</numerusform>
            <numerusform>%n ي</numerusform>
            <numerusform>%n ي</numerusform>
        </translation>
    </message>
    <message>
        <source>Scheduler (automatic)</source>
        <translation>المجدول الآلي</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <source>Export review bundle</source>
        <translation>تصدير حزمة المراجعة</translation>
    </message>
    <message>
        <source>The bundle holds the decision log with its signatures, the interactions, every statement version, the KPIs and the report; an auditor can verify it offline with `crisisdesk verify`.</source>
        <translation>تضم الحزمة سجل القرارات بتواقيعه، والتفاعلات، وجميع إصدارات البيانات، والمؤشرات، والتقرير؛ ويستطيع المدقق التحقق منها دون اتصال بالأمر `crisisdesk verify`.</translation>
    </message>
    <message>
        <source>New folder:</source>
        <translation>مجلد جديد:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>Mask personal data (phone numbers, e-mails, names)</source>
        <translation>إخفاء البيانات الشخصية (أرقام الهواتف والبريد الإلكتروني والأسماء)</translation>
    </message>
    <message>
        <source>Add the anonymised research data set</source>
        <translation>إضافة مجموعة بيانات البحث مجهولة الهوية</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Verify the bundle</source>
        <translation>التحقق من الحزمة</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>اختر مجلدًا</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>جارٍ التحضير…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>جارٍ كتابة %1…</translation>
    </message>
    <message>
        <source>The bundle is complete.</source>
        <translation>اكتملت الحزمة.</translation>
    </message>
    <message>
        <source>%1 files in %2. Export decision %3, signed checkpoint at %4. Manifest SHA-256: %5</source>
        <translation>عدد الملفات %1 في المجلد %2. قرار التصدير رقم %3، ونقطة تحقق موقعة عند القرار %4. بصمة SHA-256 لملف الفهرس (manifest.json): %5</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
    <message>
        <source>Verified: every file, the decision chain and the signatures are intact.</source>
        <translation>تم التحقق: جميع الملفات وسلسلة القرارات والتواقيع سليمة.</translation>
    </message>
    <message>
        <source>Verification failed: %1</source>
        <translation>فشل التحقق: %1</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>أُلغي التصدير.</translation>
    </message>
    <message>
        <source>Nothing was kept: the partial folder was removed.</source>
        <translation>لم يُحتفظ بشيء: حُذف المجلد الجزئي.</translation>
    </message>
    <message>
        <source>The export failed.</source>
        <translation>تعذّر التصدير.</translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <source>Complaint</source>
        <translation>شكوى</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>اقتراح</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>استفسار</translation>
    </message>
    <message>
        <source>Rumour</source>
        <translation>شائعة</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>منخفضة</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>عادية</translation>
    </message>
    <message>
        <source>High</source>
        <translation>عالية</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>حرجة</translation>
    </message>
    <message>
        <source>New</source>
        <translation>جديدة</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>قيد المعالجة</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>تم الرد</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>مُصعَّدة</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>مغلقة</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>واتساب</translation>
    </message>
    <message>
        <source>X</source>
        <translation>إكس</translation>
    </message>
    <message>
        <source>News</source>
        <translation>الأخبار</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>البريد الإلكتروني</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>البلاغات الهاتفية</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>ملف مُصدَّر</translation>
    </message>
    <message>
        <source>Meltwater</source>
        <translation>ميلت ووتر</translation>
    </message>
    <message>
        <source>Brandwatch</source>
        <translation>براندووتش</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>وقت الاستلام</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>القناة</translation>
    </message>
    <message>
        <source>From</source>
        <translation>المرسل</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>الرسالة</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>التصنيف</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>الأولوية</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>المكلَّف</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>موعد الرد</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>متأخرة</translation>
    </message>
    <message>
        <source>(%1 more characters not shown)</source>
        <translation>(لم تُعرض %1 حرفًا إضافيًا)</translation>
    </message>
    <message>
        <source>Hotline call</source>
        <translation>بلاغ هاتفي</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>المتصل</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>رقم الهاتف</translation>
    </message>
    <message>
        <source>What they said</source>
        <translation>نص البلاغ</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>Reply with a canned reply</source>
        <translation>الرد بردٍّ جاهز</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>صندوق الوارد</translation>
    </message>
    <message>
        <source>Search (any spelling)</source>
        <translation>بحث (بأي رسم للكلمة)</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>المتأخرة</translation>
    </message>
    <message>
        <source>Hotline call…</source>
        <translation>بلاغ هاتفي…</translation>
    </message>
    <message>
        <source>Reply… (R)</source>
        <translation>ردّ… (R)</translation>
    </message>
    <message>
        <source>Keys: J/K next/previous · 1–5 category · A assign to me · E escalate · C close · R reply · Ctrl+H hotline call</source>
        <translation>المفاتيح: J/K التالية/السابقة — 1–5 التصنيف — A إسنادها إليّ — E التصعيد — C الإغلاق — R الرد — Ctrl+H بلاغ هاتفي</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>كل القنوات</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>كل التصنيفات</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>كل الأولويات</translation>
    </message>
    <message>
        <source>Cluster %1 ✕</source>
        <translation>المجموعة %1 ✕</translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation>%1 رسالة</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>موعد الرد %1</translation>
    </message>
    <message>
        <source>deleted by the sender</source>
        <translation>حذفها المرسل</translation>
    </message>
    <message>
        <source>Edited to:</source>
        <translation>عُدّلت إلى:</translation>
    </message>
    <message>
        <source>reply</source>
        <translation>رد</translation>
    </message>
    <message>
        <source>Channels: none live</source>
        <translation>القنوات: لا قنوات مباشرة</translation>
    </message>
    <message>
        <source>Channels: %1 failing</source>
        <translation>القنوات: %1 متعطلة</translation>
    </message>
    <message>
        <source>Channels: all well</source>
        <translation>القنوات: تعمل جميعها</translation>
    </message>
    <message>
        <source>rule %1</source>
        <translation>القاعدة %1</translation>
    </message>
    <message>
        <source>no answer needed: %1</source>
        <translation>لا تحتاج إلى رد: %1</translation>
    </message>
    <message>
        <source>due by %1</source>
        <translation>موعد الرد من %1</translation>
    </message>
    <message>
        <source>negative tone</source>
        <translation>نبرة سلبية</translation>
    </message>
    <message>
        <source>neutral tone</source>
        <translation>نبرة محايدة</translation>
    </message>
    <message>
        <source>positive tone</source>
        <translation>نبرة إيجابية</translation>
    </message>
    <message>
        <source>anger</source>
        <translation>غضب</translation>
    </message>
    <message>
        <source>fear</source>
        <translation>خوف</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>أُرسل</translation>
    </message>
    <message>
        <source>recorded, to send by hand</source>
        <translation>سُجّل للإرسال يدويًا</translation>
    </message>
    <message>
        <source>refused (outside the 24-hour window)</source>
        <translation>رُفض (خارج نافذة الـ24 ساعة)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>تعذّر الإرسال</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>جارٍ الإرسال…</translation>
    </message>
    <message>
        <source>OUTCOME UNKNOWN: check the chat</source>
        <translation>النتيجة غير معروفة: راجع المحادثة</translation>
    </message>
    <message>
        <source>It was sent</source>
        <translation>وصل الرد</translation>
    </message>
    <message>
        <source>It was not sent</source>
        <translation>لم يصل الرد</translation>
    </message>
    <message>
        <source>Reply again anyway…</source>
        <translation>الرد مجددًا على أي حال…</translation>
    </message>
    <message>
        <source>CrisisDesk stopped while reply %1 was being sent: it may or may not have reached the person. Check the chat, then say which.</source>
        <translation>توقف مكتب الأزمات أثناء إرسال الرد %1: ربما وصل إلى الشخص وربما لم يصل. راجع المحادثة ثم حدّد ما حدث.</translation>
    </message>
</context>
<context>
    <name>IncidentRoom</name>
    <message>
        <source>Open %1</source>
        <translation>افتح %1</translation>
    </message>
    <message>
        <source>Cannot read the log: %1</source>
        <translation>تعذّرت قراءة السجل: %1</translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation>&amp;الحادثة</translation>
    </message>
    <message>
        <source>Switch incident…</source>
        <translation>التبديل إلى حادثة أخرى…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>تسجيل الخروج</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <source>CrisisDesk</source>
        <translation>مكتب الأزمات</translation>
    </message>
    <message>
        <source>DRILL: %1</source>
        <translation>تمرين: %1</translation>
    </message>
    <message>
        <source>EXERCISE: %1</source>
        <translation>تمرين: %1</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>CrisisDesk</source>
        <translation>مكتب الأزمات</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>Draft the holding statement</source>
        <translation>صِغ البيان الأولي</translation>
    </message>
    <message>
        <source>New severity:</source>
        <translation>درجة الخطورة الجديدة:</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>نظرة عامة</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>درجة الخطورة:</translation>
    </message>
    <message>
        <source>Organisational units:</source>
        <translation>الجهات المشاركة:</translation>
    </message>
    <message>
        <source>Opened:</source>
        <translation>وقت الفتح:</translation>
    </message>
    <message>
        <source>Opened by:</source>
        <translation>فتحها:</translation>
    </message>
    <message>
        <source>Playbook:</source>
        <translation>دليل السيناريو:</translation>
    </message>
    <message>
        <source>Closed:</source>
        <translation>وقت الإغلاق:</translation>
    </message>
    <message>
        <source>Closing summary:</source>
        <translation>ملخص الإغلاق:</translation>
    </message>
    <message>
        <source>Change severity…</source>
        <translation>تغيير درجة الخطورة…</translation>
    </message>
    <message>
        <source>Close incident…</source>
        <translation>إغلاق الحادثة…</translation>
    </message>
    <message>
        <source>DRILL</source>
        <translation>تمرين</translation>
    </message>
    <message>
        <source>None</source>
        <translation>لا يوجد</translation>
    </message>
    <message>
        <source>Change severity</source>
        <translation>تغيير درجة الخطورة</translation>
    </message>
    <message>
        <source>Why does the severity change?</source>
        <translation>ما سبب تغيير درجة الخطورة؟</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>إغلاق الحادثة</translation>
    </message>
    <message>
        <source>Summary of the incident and its end:</source>
        <translation>ملخص الحادثة وكيفية انتهائها:</translation>
    </message>
    <message>
        <source>Next from the playbook</source>
        <translation>التالي في دليل السيناريو</translation>
    </message>
    <message>
        <source>%1
Tasks overdue</source>
        <translation>%1
مهام متأخرة</translation>
    </message>
    <message>
        <source>%1
Statements waiting for approval</source>
        <translation>%1
بيانات تنتظر الاعتماد</translation>
    </message>
    <message>
        <source>%1
Messages in the last hour</source>
        <translation>%1
رسائل في الساعة الأخيرة</translation>
    </message>
    <message>
        <source>%1
Next public update</source>
        <translation>%1
التحديث العام التالي</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>بعد %1</translation>
    </message>
    <message>
        <source>not planned</source>
        <translation>غير مجدول</translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation>متأخرة %1</translation>
    </message>
    <message>
        <source>due in %1</source>
        <translation>موعدها بعد %1</translation>
    </message>
    <message>
        <source>No open task: the checklist is done.</source>
        <translation>لا مهام مفتوحة: أُنجزت قائمة المهام.</translation>
    </message>
</context>
<context>
    <name>Picker</name>
    <message>
        <source>Incident</source>
        <translation>الحادثة</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>درجة الخطورة</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>المدة</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>وقت الفتح</translation>
    </message>
    <message>
        <source>[DRILL] %1</source>
        <translation>[تمرين] %1</translation>
    </message>
    <message>
        <source>A drill: an exercise, not a real crisis.</source>
        <translation>تمرين: محاكاة وليست أزمة حقيقية.</translation>
    </message>
    <message>
        <source>Open a new incident</source>
        <translation>فتح حادثة جديدة</translation>
    </message>
    <message>
        <source>No playbook</source>
        <translation>بدون دليل سيناريو</translation>
    </message>
    <message>
        <source>This is a drill (exercise)</source>
        <translation>هذا تمرين (محاكاة)</translation>
    </message>
    <message>
        <source>One per line</source>
        <translation>جهة واحدة في كل سطر</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>درجة الخطورة:</translation>
    </message>
    <message>
        <source>Playbook:</source>
        <translation>دليل السيناريو:</translation>
    </message>
    <message>
        <source>Organisational units:</source>
        <translation>الجهات المشاركة:</translation>
    </message>
    <message>
        <source>Open incident</source>
        <translation>فتح الحادثة</translation>
    </message>
    <message>
        <source>Choose an incident — CrisisDesk</source>
        <translation>اختيار حادثة — مكتب الأزمات</translation>
    </message>
    <message>
        <source>Incidents · signed in as %1</source>
        <translation>الحوادث — المستخدم الحالي: %1</translation>
    </message>
    <message>
        <source>Open a new incident…</source>
        <translation>فتح حادثة جديدة…</translation>
    </message>
    <message>
        <source>Enter the incident room</source>
        <translation>الدخول إلى غرفة الحادثة</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>No incident yet. An incident lead or an administrator can open one.</source>
        <translation>لا توجد حوادث بعد. يمكن لقائد الحادثة أو لمسؤول النظام فتح حادثة.</translation>
    </message>
</context>
<context>
    <name>Playbooks</name>
    <message>
        <source>Overview</source>
        <translation>نظرة عامة</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>المهام</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>الرسائل</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>القوالب</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>القواعد</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>جهات الاتصال</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 يوم</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 ساعة</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 دقيقة</translation>
    </message>
    <message>
        <source>required</source>
        <translation>إلزامي</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>اختياري</translation>
    </message>
    <message>
        <source>example: %1</source>
        <translation>مثال: %1</translation>
    </message>
    <message>
        <source>choices: %1</source>
        <translation>الخيارات: %1</translation>
    </message>
    <message>
        <source>only in %1</source>
        <translation>في %1 فقط</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>العربية</translation>
    </message>
    <message>
        <source>English</source>
        <translation>الإنجليزية</translation>
    </message>
    <message>
        <source>Id: %1 · Version: %2 · Hazard: %3</source>
        <translation>المعرّف: %1 — الإصدار: %2 — نوع الخطر: %3</translation>
    </message>
    <message>
        <source>Content hash: %1</source>
        <translation>بصمة المحتوى: %1</translation>
    </message>
    <message>
        <source>Severity levels:</source>
        <translation>مستويات الخطورة:</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>الأدوار:</translation>
    </message>
    <message>
        <source>due %1 after activation</source>
        <translation>موعدها بعد %1 من التفعيل</translation>
    </message>
    <message>
        <source>then every %1</source>
        <translation>ثم كل %1</translation>
    </message>
    <message>
        <source>Key messages:</source>
        <translation>الرسائل الرئيسية:</translation>
    </message>
    <message>
        <source>Anticipated questions:</source>
        <translation>الأسئلة المتوقعة:</translation>
    </message>
    <message>
        <source>Q: %1</source>
        <translation>س: %1</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>ج: %1</translation>
    </message>
    <message>
        <source>Variables:</source>
        <translation>المتغيرات:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>النص:</translation>
    </message>
    <message>
        <source>Canned replies:</source>
        <translation>الردود الجاهزة:</translation>
    </message>
    <message>
        <source>Phrases that must never appear:</source>
        <translation>عبارات يجب ألا ترد أبدًا:</translation>
    </message>
    <message>
        <source>Elements that must appear:</source>
        <translation>عناصر يجب أن ترد:</translation>
    </message>
    <message>
        <source>Watch-words:</source>
        <translation>كلمات الرصد:</translation>
    </message>
    <message>
        <source>with one of:</source>
        <translation>مع واحدة من:</translation>
    </message>
    <message>
        <source>but none of:</source>
        <translation>دون أي من:</translation>
    </message>
    <message>
        <source>from:</source>
        <translation>من:</translation>
    </message>
    <message>
        <source>once %1 messages repeat it: %2</source>
        <translation>إذا كررتها %1 رسائل: %2</translation>
    </message>
    <message>
        <source>Response-time targets:</source>
        <translation>المدد المستهدفة للرد:</translation>
    </message>
    <message>
        <source>No contacts.</source>
        <translation>لا توجد جهات اتصال.</translation>
    </message>
    <message>
        <source>Playbooks</source>
        <translation>أدلة السيناريوهات</translation>
    </message>
    <message>
        <source>added</source>
        <translation>مضاف</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>المجلد: %1</translation>
    </message>
    <message>
        <source>problems: %1</source>
        <translation>المشكلات: %1</translation>
    </message>
    <message>
        <source>Choose a playbook to read it.</source>
        <translation>اختر دليل سيناريو لقراءته.</translation>
    </message>
    <message>
        <source>This file has problems (listed below); fix them to read it.</source>
        <translation>في هذا الملف مشكلات (مدرجة أدناه)؛ أصلحها لقراءته.</translation>
    </message>
    <message>
        <source>Problems in this file: %1</source>
        <translation>المشكلات في هذا الملف: %1</translation>
    </message>
    <message>
        <source>Added to the library: %1 (version %2)</source>
        <translation>أُضيف إلى المكتبة: %1 (الإصدار %2)</translation>
    </message>
    <message>
        <source>Open a folder of playbooks</source>
        <translation>فتح مجلد أدلة سيناريوهات</translation>
    </message>
    <message>
        <source>Validate a playbook file</source>
        <translation>التحقق من ملف دليل سيناريو</translation>
    </message>
    <message>
        <source>Playbooks (*.yaml *.yml)</source>
        <translation>أدلة السيناريوهات (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>فتح مجلد…</translation>
    </message>
    <message>
        <source>Validate file…</source>
        <translation>التحقق من ملف…</translation>
    </message>
    <message>
        <source>Add to library</source>
        <translation>إضافة إلى المكتبة</translation>
    </message>
    <message>
        <source>Add the selected file to this machine&apos;s library</source>
        <translation>إضافة الملف المحدد إلى مكتبة هذا الجهاز</translation>
    </message>
    <message>
        <source>Only an incident lead or an administrator can add playbooks</source>
        <translation>لا يضيف أدلة السيناريوهات إلا قائد الحادثة أو مسؤول النظام</translation>
    </message>
    <message>
        <source>Read in:</source>
        <translation>القراءة باللغة:</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>المكتبة</translation>
    </message>
    <message>
        <source>Checked files</source>
        <translation>الملفات المفحوصة</translation>
    </message>
</context>
<context>
    <name>QGuiApplication</name>
    <message>
        <source>QT_LAYOUT_DIRECTION</source>
        <translation>RTL</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message numerus="yes">
        <source>%n task overdue</source>
        <translation>
            <numerusform>لا مهام متأخرة</numerusform>
            <numerusform>مهمة واحدة متأخرة</numerusform>
            <numerusform>مهمتان متأخرتان</numerusform>
            <numerusform>%n مهام متأخرة</numerusform>
            <numerusform>%n مهمة متأخرة</numerusform>
            <numerusform>%n مهمة متأخرة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tasks overdue</source>
        <translation>
            <numerusform>لا مهام متأخرة</numerusform>
            <numerusform>مهمة واحدة متأخرة</numerusform>
            <numerusform>مهمتان متأخرتان</numerusform>
            <numerusform>%n مهام متأخرة</numerusform>
            <numerusform>%n مهمة متأخرة</numerusform>
            <numerusform>%n مهمة متأخرة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n coming due</source>
        <translation>
            <numerusform>لا مهام تقترب مهلتها</numerusform>
            <numerusform>وواحدة تقترب مهلتها</numerusform>
            <numerusform>واثنتان تقترب مهلتهما</numerusform>
            <numerusform>و%n تقترب مهلتها</numerusform>
            <numerusform>و%n تقترب مهلتها</numerusform>
            <numerusform>و%n تقترب مهلتها</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1، %2</translation>
    </message>
    <message>
        <source>Task reminders</source>
        <translation>تنبيهات المهام</translation>
    </message>
    <message>
        <source>Show checklist</source>
        <translation>عرض قائمة المهام</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>إخفاء</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>Tasks overdue</source>
        <translation>مهام متأخرة</translation>
    </message>
    <message>
        <source>Tasks coming due</source>
        <translation>مهام يقترب موعدها</translation>
    </message>
    <message>
        <source>Incident %1: %2</source>
        <translation>الحادثة %1: %2</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… و%1 غيرها</translation>
    </message>
    <message>
        <source>While CrisisDesk was closed</source>
        <translation>أثناء إغلاق التطبيق</translation>
    </message>
    <message>
        <source>While this laptop was asleep</source>
        <translation>أثناء توقف الجهاز</translation>
    </message>
    <message numerus="yes">
        <source>%n task became overdue</source>
        <translation>
            <numerusform>لم تتأخر أي مهمة</numerusform>
            <numerusform>تأخرت مهمة واحدة</numerusform>
            <numerusform>تأخرت مهمتان</numerusform>
            <numerusform>تأخرت %n مهام</numerusform>
            <numerusform>تأخرت %n مهمة</numerusform>
            <numerusform>تأخرت %n مهمة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tasks became overdue</source>
        <translation>
            <numerusform>لم تتأخر أي مهمة</numerusform>
            <numerusform>تأخرت مهمة واحدة</numerusform>
            <numerusform>تأخرت مهمتان</numerusform>
            <numerusform>تأخرت %n مهام</numerusform>
            <numerusform>تأخرت %n مهمة</numerusform>
            <numerusform>تأخرت %n مهمة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scheduled publication was missed</source>
        <translation>
            <numerusform>لم يفت أي نشر مجدول</numerusform>
            <numerusform>فات نشر مجدول واحد</numerusform>
            <numerusform>فات نشران مجدولان</numerusform>
            <numerusform>فاتت %n منشورات مجدولة</numerusform>
            <numerusform>فات %n منشورًا مجدولًا</numerusform>
            <numerusform>فات %n منشور مجدول</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scheduled publications were missed</source>
        <translation>
            <numerusform>لم يفت أي نشر مجدول</numerusform>
            <numerusform>فات نشر مجدول واحد</numerusform>
            <numerusform>فات نشران مجدولان</numerusform>
            <numerusform>فاتت %n منشورات مجدولة</numerusform>
            <numerusform>فات %n منشورًا مجدولًا</numerusform>
            <numerusform>فات %n منشور مجدول</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed repeat of a recurring task was skipped</source>
        <translation>
            <numerusform>لم يجرِ تجاوز أي تكرار</numerusform>
            <numerusform>جرى تجاوز تكرار واحد فائت من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز تكرارين فائتين من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز %n تكرارات فائتة من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز %n تكرارًا فائتًا من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز %n تكرار فائت من المهام المتكررة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed repeats of recurring tasks were skipped</source>
        <translation>
            <numerusform>لم يجرِ تجاوز أي تكرار</numerusform>
            <numerusform>جرى تجاوز تكرار واحد فائت من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز تكرارين فائتين من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز %n تكرارات فائتة من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز %n تكرارًا فائتًا من المهام المتكررة</numerusform>
            <numerusform>جرى تجاوز %n تكرار فائت من المهام المتكررة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more was overdue already</source>
        <translation>
            <numerusform>ولم تكن أي مهمة أخرى متأخرة من قبل</numerusform>
            <numerusform>ومهمة أخرى كانت متأخرة من قبل</numerusform>
            <numerusform>ومهمتان أخريان كانتا متأخرتين من قبل</numerusform>
            <numerusform>و%n مهام أخرى كانت متأخرة من قبل</numerusform>
            <numerusform>و%n مهمة أخرى كانت متأخرة من قبل</numerusform>
            <numerusform>و%n مهمة أخرى كانت متأخرة من قبل</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more were overdue already</source>
        <translation>
            <numerusform>ولم تكن أي مهمة أخرى متأخرة من قبل</numerusform>
            <numerusform>ومهمة أخرى كانت متأخرة من قبل</numerusform>
            <numerusform>ومهمتان أخريان كانتا متأخرتين من قبل</numerusform>
            <numerusform>و%n مهام أخرى كانت متأخرة من قبل</numerusform>
            <numerusform>و%n مهمة أخرى كانت متأخرة من قبل</numerusform>
            <numerusform>و%n مهمة أخرى كانت متأخرة من قبل</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task is still overdue</source>
        <translation>
            <numerusform>لا مهام متأخرة</numerusform>
            <numerusform>ما زالت مهمة واحدة متأخرة</numerusform>
            <numerusform>ما زالت مهمتان متأخرتين</numerusform>
            <numerusform>ما زالت %n مهام متأخرة</numerusform>
            <numerusform>ما زالت %n مهمة متأخرة</numerusform>
            <numerusform>ما زالت %n مهمة متأخرة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tasks are still overdue</source>
        <translation>
            <numerusform>لا مهام متأخرة</numerusform>
            <numerusform>ما زالت مهمة واحدة متأخرة</numerusform>
            <numerusform>ما زالت مهمتان متأخرتين</numerusform>
            <numerusform>ما زالت %n مهام متأخرة</numerusform>
            <numerusform>ما زالت %n مهمة متأخرة</numerusform>
            <numerusform>ما زالت %n مهمة متأخرة</numerusform>
        </translation>
    </message>
    <message>
        <source>Situation report due</source>
        <translation>حان موعد تقرير الموقف</translation>
    </message>
    <message>
        <source>Situation report coming due</source>
        <translation>يقترب موعد تقرير الموقف</translation>
    </message>
</context>
<context>
    <name>Rumours</name>
    <message>
        <source>Unverified</source>
        <translation>غير متحقق منها</translation>
    </message>
    <message>
        <source>False</source>
        <translation>كاذبة</translation>
    </message>
    <message>
        <source>True</source>
        <translation>صحيحة</translation>
    </message>
    <message>
        <source>Addressed</source>
        <translation>تم الرد عليها</translation>
    </message>
    <message>
        <source>Rumour</source>
        <translation>الشائعة</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>الرسائل</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>آخر ساعة</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>أول ظهور</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>آخر ظهور</translation>
    </message>
    <message>
        <source>Rumours</source>
        <translation>سجل الشائعات</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>الوصف</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>التحقق</translation>
    </message>
    <message>
        <source>Counter-statement no.</source>
        <translation>رقم البيان المضاد</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Reply to all with the correction</source>
        <translation>الرد على الجميع بالتصحيح</translation>
    </message>
    <message>
        <source>Show its messages in the inbox</source>
        <translation>عرض رسائلها في صندوق الوارد</translation>
    </message>
    <message>
        <source>Merge selected clusters</source>
        <translation>دمج الشائعات المحددة</translation>
    </message>
    <message>
        <source>Move the messages of every selected cluster into the current one</source>
        <translation>نقل رسائل كل شائعة محددة إلى الشائعة الحالية</translation>
    </message>
    <message>
        <source>Split ticked messages off</source>
        <translation>فصل الرسائل المؤشَّر عليها</translation>
    </message>
    <message>
        <source>Its messages (tick those that tell another story)</source>
        <translation>رسائلها (أشّر على ما يروي قصة أخرى)</translation>
    </message>
    <message>
        <source>Select two or more clusters to merge (Ctrl+click).</source>
        <translation>حدّد شائعتين أو أكثر لدمجها (Ctrl مع النقر).</translation>
    </message>
    <message>
        <source>Merged %1 clusters into cluster %2</source>
        <translation>دُمجت %1 شائعة في الشائعة %2</translation>
    </message>
    <message>
        <source>Tick the messages to split off first.</source>
        <translation>أشّر أولًا على الرسائل المراد فصلها.</translation>
    </message>
    <message>
        <source>Split %1 messages off into cluster %2</source>
        <translation>فُصلت %1 رسالة في الشائعة %2</translation>
    </message>
    <message>
        <source>%1 replies recorded</source>
        <translation>سُجّل %1 ردًّا</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>اللغة:</translation>
    </message>
    <message>
        <source>Digits:</source>
        <translation>الأرقام:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>المظهر:</translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation>التواريخ:</translation>
    </message>
    <message>
        <source>Database in use:</source>
        <translation>قاعدة البيانات الحالية:</translation>
    </message>
    <message>
        <source>Database at next start:</source>
        <translation>قاعدة البيانات عند التشغيل القادم:</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>خزنة الأسرار:</translation>
    </message>
    <message>
        <source>Arabic-Indic (٠١٢٣)</source>
        <translation>هندية عربية (٠١٢٣)</translation>
    </message>
    <message>
        <source>Western (0123)</source>
        <translation>غربية (0123)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>فاتح</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>داكن</translation>
    </message>
    <message>
        <source>Also show the Hijri (Umm al-Qura) date</source>
        <translation>عرض التاريخ الهجري (تقويم أم القرى) أيضًا</translation>
    </message>
    <message>
        <source>Empty: the default file on this computer</source>
        <translation>فارغ: الملف الافتراضي على هذا الجهاز</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>shared server</source>
        <translation>خادم مشترك</translation>
    </message>
    <message>
        <source>local file</source>
        <translation>ملف محلي</translation>
    </message>
    <message>
        <source>Secrets are kept in the operating system&apos;s keyring.</source>
        <translation>تُحفظ الأسرار في خزنة نظام التشغيل.</translation>
    </message>
    <message>
        <source>No keyring on this computer: secrets are kept in a file readable only by you.</source>
        <translation>لا توجد خزنة أسرار على هذا الجهاز: تُحفظ الأسرار في ملف لا يقرؤه غيرك.</translation>
    </message>
    <message>
        <source>Saved. CrisisDesk opens this database the next time it starts.</source>
        <translation>تم الحفظ. سيفتح مكتب الأزمات قاعدة البيانات هذه عند تشغيله القادم.</translation>
    </message>
    <message>
        <source>Room's time zone:</source>
        <translation>المنطقة الزمنية للغرفة:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>تطبيق</translation>
    </message>
    <message>
        <source>Every laptop of the room shows and takes times in this zone</source>
        <translation>تعرض كل أجهزة الغرفة الأوقات بهذه المنطقة الزمنية وتُدخلها بها</translation>
    </message>
    <message>
        <source>Only the lead or an administrator changes the room's zone</source>
        <translation>لا يغيّر المنطقة الزمنية للغرفة إلا قائد الحادثة أو مسؤول النظام</translation>
    </message>
    <message>
        <source>Now %1; this computer: %2</source>
        <translation>الآن %1؛ هذا الجهاز: %2</translation>
    </message>
    <message>
        <source>The room's time zone is now %1.</source>
        <translation>أصبحت المنطقة الزمنية للغرفة %1.</translation>
    </message>
    <message>
        <source>Secrets are kept in a plain-text file, NOT encrypted: %1</source>
        <translation>تُحفظ الأسرار في ملف نصي غير مشفَّر: %1</translation>
    </message>
    <message>
        <source>Keyring in use: %1</source>
        <translation>الخزنة المستخدمة: %1</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>مدير بيانات الاعتماد في ويندوز</translation>
    </message>
    <message>
        <source>macOS Keychain</source>
        <translation>سلسلة مفاتيح macOS</translation>
    </message>
    <message>
        <source>the desktop's Secret Service (GNOME Keyring)</source>
        <translation>خدمة الأسرار في سطح المكتب (خزنة GNOME)</translation>
    </message>
    <message>
        <source>KDE Wallet</source>
        <translation>محفظة KDE</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Demo: every user&apos;s password is “%1”.</source>
        <translation>نسخة العرض: كلمة المرور لجميع المستخدمين هي «%1».</translation>
    </message>
    <message>
        <source>Sign in to CrisisDesk</source>
        <translation>تسجيل الدخول إلى مكتب الأزمات</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>تسجيل الدخول</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>المستخدم:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Choose a user.</source>
        <translation>اختر مستخدمًا.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
    <message>
        <source>Sign-in failed: unknown user or wrong password.</source>
        <translation>تعذّر تسجيل الدخول: المستخدم غير معروف أو كلمة المرور غير صحيحة.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>CrisisDesk</source>
        <translation>مكتب الأزمات</translation>
    </message>
    <message>
        <source>Crisis media centre</source>
        <translation>المركز الإعلامي للأزمات</translation>
    </message>
    <message>
        <source>Opening the incident database…</source>
        <translation>جارٍ فتح قاعدة بيانات الحوادث…</translation>
    </message>
    <message>
        <source>Preparing the demo crisis…</source>
        <translation>جارٍ تجهيز الأزمة التجريبية…</translation>
    </message>
    <message>
        <source>Sign in to continue.</source>
        <translation>سجّل الدخول للمتابعة.</translation>
    </message>
    <message>
        <source>Choose the incident to work on.</source>
        <translation>اختر الحادثة التي ستعمل عليها.</translation>
    </message>
</context>
<context>
    <name>Statements</name>
    <message>
        <source>Submitted for approval: the approvers are told.</source>
        <translation>أُرسل للاعتماد، وأُبلغ المعتمِدون.</translation>
    </message>
    <message>
        <source>Approved: No. %1 can now be published.</source>
        <translation>اعتُمد البيان رقم %1 ويمكن نشره الآن.</translation>
    </message>
    <message>
        <source>Rejected: No. %1 went back to its author.</source>
        <translation>رُفض البيان رقم %1 وأُعيد إلى كاتبه.</translation>
    </message>
    <message>
        <source>Scheduled on %1 for %2.</source>
        <translation>جُدول النشر على %1 في %2.</translation>
    </message>
    <message>
        <source>Sent to %1: see the Publications tab for its state.</source>
        <translation>أُرسل إلى %1، وحالته في تبويب عمليات النشر.</translation>
    </message>
    <message>
        <source>New statement</source>
        <translation>بيان جديد</translation>
    </message>
    <message>
        <source>Blank statement</source>
        <translation>بيان فارغ</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>القالب:</translation>
    </message>
    <message>
        <source>Kind (blank only):</source>
        <translation>النوع (للبيان الفارغ فقط):</translation>
    </message>
    <message>
        <source>Publish the approved statement</source>
        <translation>نشر البيان المعتمد</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>القناة:</translation>
    </message>
    <message>
        <source>Publish later, at:</source>
        <translation>النشر لاحقًا في:</translation>
    </message>
    <message>
        <source>Drill incident: publications go to the sandbox channel, never to the public.</source>
        <translation>حالة تمرين: يُوجَّه النشر إلى قناة المحاكاة ولا يصل إلى الجمهور.</translation>
    </message>
    <message>
        <source>Statements</source>
        <translation>البيانات الإعلامية</translation>
    </message>
    <message>
        <source>Public statements</source>
        <translation>البيانات العامة</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>جميع الحالات</translation>
    </message>
    <message>
        <source>New statement…</source>
        <translation>بيان جديد…</translation>
    </message>
    <message>
        <source>Arabic text</source>
        <translation>النص العربي</translation>
    </message>
    <message>
        <source>English text</source>
        <translation>النص الإنجليزي</translation>
    </message>
    <message>
        <source>Rewrite from the form</source>
        <translation>إعادة الصياغة من النموذج</translation>
    </message>
    <message>
        <source>Rules and limits</source>
        <translation>القواعد والحدود</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>المعاينة</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>الإصدارات</translation>
    </message>
    <message>
        <source>Publications</source>
        <translation>عمليات النشر</translation>
    </message>
    <message>
        <source>Retry the selected publication</source>
        <translation>إعادة محاولة النشر المحدد</translation>
    </message>
    <message>
        <source>It is on the channel</source>
        <translation>وصل إلى القناة</translation>
    </message>
    <message>
        <source>It is not on the channel</source>
        <translation>لم يصل إلى القناة</translation>
    </message>
    <message>
        <source>Outcome unknown: check the channel</source>
        <translation>النتيجة غير معروفة: تحقّق من القناة</translation>
    </message>
    <message>
        <source>Save version</source>
        <translation>حفظ إصدار</translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation>إرسال للاعتماد</translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation>نشر…</translation>
    </message>
    <message>
        <source>Restore unsaved text</source>
        <translation>استعادة النص غير المحفوظ</translation>
    </message>
    <message>
        <source>You have unsaved text from an earlier session.</source>
        <translation>لديك نص غير محفوظ من جلسة سابقة.</translation>
    </message>
    <message>
        <source>New statement (not saved yet)</source>
        <translation>بيان جديد (لم يُحفظ بعد)</translation>
    </message>
    <message>
        <source>Select a statement, or start a new one.</source>
        <translation>اختر بيانًا أو ابدأ بيانًا جديدًا.</translation>
    </message>
    <message>
        <source>No. %1 · %2 · %3 · version %4 by %5, %6</source>
        <translation>رقم %1 — %2 — %3 — الإصدار %4 بقلم %5، %6</translation>
    </message>
    <message>
        <source>Edited by hand: the form no longer rewrites the text.</source>
        <translation>عُدِّل النص يدويًا: لم يعد النموذج يعيد صياغته.</translation>
    </message>
    <message>
        <source>Version %1 · %2 · %3</source>
        <translation>الإصدار %1 — %2 — %3</translation>
    </message>
    <message>
        <source>The first version: nothing to compare with.</source>
        <translation>الإصدار الأول: لا يوجد ما يُقارن به.</translation>
    </message>
    <message>
        <source>sandbox (drill)</source>
        <translation>قناة المحاكاة (تمرين)</translation>
    </message>
    <message>
        <source>missed: waits for confirmation</source>
        <translation>فات موعده: بانتظار التأكيد</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>الاعتمادات</translation>
    </message>
    <message>
        <source>Statements waiting for approval</source>
        <translation>بيانات بانتظار الاعتماد</translation>
    </message>
    <message>
        <source>Read both texts as they will be published. Your approval binds to this exact text; any later edit needs a new approval. You cannot approve your own text.</source>
        <translation>اقرأ النصين كما سيُنشران. يرتبط اعتمادك بهذا النص بعينه، وأي تعديل لاحق يحتاج إلى اعتماد جديد، ولا يجوز لك اعتماد نص كتبته بنفسك.</translation>
    </message>
    <message>
        <source>Only the spokesperson or the incident lead approves statements.</source>
        <translation>يعتمد البيانات المتحدث الرسمي أو قائد الحادثة فقط.</translation>
    </message>
    <message>
        <source>Statement rules</source>
        <translation>قواعد البيان</translation>
    </message>
    <message>
        <source>Changes since the previous version</source>
        <translation>التغييرات منذ الإصدار السابق</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>اعتماد…</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>رفض…</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>لم يُحدَّد شيء.</translation>
    </message>
    <message>
        <source>No statement is waiting for approval.</source>
        <translation>لا يوجد بيان بانتظار الاعتماد.</translation>
    </message>
    <message>
        <source>No. %1 · %2 · version %3 by %4, %5 · content hash %6</source>
        <translation>رقم %1 — %2 — الإصدار %3 بقلم %4، %5 — بصمة المحتوى %6</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>العربية</translation>
    </message>
    <message>
        <source>English</source>
        <translation>الإنجليزية</translation>
    </message>
    <message>
        <source>Condolences</source>
        <translation>تعزية ومواساة</translation>
    </message>
    <message>
        <source>Other languages</source>
        <translation>لغات أخرى</translation>
    </message>
    <message>
        <source>This statement is in Arabic and English only.</source>
        <translation>هذا البيان بالعربية والإنجليزية فقط.</translation>
    </message>
    <message>
        <source>Channel forms</source>
        <translation>نصوص القنوات</translation>
    </message>
    <message>
        <source>No channel form: the statement goes to no limited channel, or the form has an error.</source>
        <translation>لا توجد نصوص للقنوات: البيان لا يُنشر على قناة محدودة الطول، أو في النموذج خطأ.</translation>
    </message>
    <message>
        <source>This playbook has no statement rules.</source>
        <translation>لا يتضمن دليل السيناريو قواعد للبيانات.</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>تغيّر</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>لم يتغير</translation>
    </message>
    <message>
        <source>Approve the statement</source>
        <translation>اعتماد البيان</translation>
    </message>
    <message>
        <source>Reject the statement</source>
        <translation>رفض البيان</translation>
    </message>
    <message>
        <source>Your approval binds to this exact text in both languages. Re-enter your password to confirm.</source>
        <translation>يرتبط اعتمادك بهذا النص بعينه باللغتين. أعد إدخال كلمة المرور للتأكيد.</translation>
    </message>
    <message>
        <source>The author will read your comment. Re-enter your password to confirm.</source>
        <translation>سيطّلع الكاتب على ملاحظتك. أعد إدخال كلمة المرور للتأكيد.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <source>Rules that fail: %1</source>
        <translation>القواعد غير المستوفاة: %1</translation>
    </message>
    <message>
        <source>Override reason:</source>
        <translation>سبب التجاوز:</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>الملاحظة:</translation>
    </message>
    <message>
        <source>Holding statement</source>
        <translation>بيان أولي</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <source>All-clear</source>
        <translation>بيان انتهاء الحالة</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>رد</translation>
    </message>
    <message>
        <source>Awareness message</source>
        <translation>رسالة توعوية</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>مسودة</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>قيد المراجعة</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>منشور</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>مستبدَل</translation>
    </message>
    <message>
        <source>Website (signed webhook)</source>
        <translation>الموقع الإلكتروني (إشعار موقَّع)</translation>
    </message>
    <message>
        <source>WhatsApp to media contacts</source>
        <translation>واتساب إلى جهات الاتصال الإعلامية</translation>
    </message>
    <message>
        <source>X post</source>
        <translation>تغريدة على منصة X</translation>
    </message>
    <message>
        <source>Press release PDF</source>
        <translation>بيان صحفي بصيغة PDF</translation>
    </message>
    <message>
        <source>Plain text file</source>
        <translation>ملف نصي</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>نسخ إلى الحافظة</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>مجدول</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>قيد الإرسال</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>أُرسل</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>تعذّر</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>أُلغي</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>الرقم</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>الإصدار</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>آخر تغيير</translation>
    </message>
    <message>
        <source>Scheduled publications were missed</source>
        <translation>فات موعد عمليات نشر مجدولة</translation>
    </message>
    <message>
        <source>These publications were due while CrisisDesk was closed. They were not published. Check that the text is still right before publishing it late.</source>
        <translation>حان موعد عمليات النشر هذه والتطبيق مغلق، فلم تُنشر. تحقّق من أن النص لا يزال صحيحًا قبل نشره متأخرًا.</translation>
    </message>
    <message>
        <source>Statement %1 · %2 · was due %3</source>
        <translation>البيان %1 — %2 — كان موعده %3</translation>
    </message>
    <message>
        <source>Publish late now</source>
        <translation>النشر المتأخر الآن</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>ليس الآن</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>%1: %2 waiting · %3 set aside</source>
        <translation>%1: %2 بانتظار المعالجة، %3 محجوزة جانبًا</translation>
    </message>
    <message>
        <source>(not being processed)</source>
        <translation>(لا تجري معالجتها)</translation>
    </message>
    <message>
        <source>Messages received but not processed yet, and items intake set aside with their reason (crisisdesk quarantine list). Bodies waiting for minutes mean that webhook serve is not running.</source>
        <translation>رسائل وصلت ولم تُعالَج بعد، وعناصر حجزها الاستقبال جانبًا مع سببها (crisisdesk quarantine list). بقاء الرسائل بالانتظار دقائق يعني أن خادم الويب هوك لا يعمل.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>لم يُسجَّل الدخول</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Shared server</source>
        <translation>خادم مشترك</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>ملف محلي</translation>
    </message>
    <message>
        <source>Time since the incident opened</source>
        <translation>الوقت المنقضي منذ فتح الحادثة</translation>
    </message>
    <message>
        <source>Log: reading…</source>
        <translation>السجل: جارٍ القراءة…</translation>
    </message>
    <message>
        <source>no signed checkpoint</source>
        <translation>لا توجد نقطة تحقق موقّعة</translation>
    </message>
    <message>
        <source>signed just now</source>
        <translation>وُقّع الآن</translation>
    </message>
    <message>
        <source>signed %1 ago</source>
        <translation>وُقّع قبل %1</translation>
    </message>
    <message>
        <source>Log %1 · %2</source>
        <translation>السجل %1 — %2</translation>
    </message>
    <message>
        <source>Every time is shown in the room's time zone, which is not this computer's</source>
        <translation>تُعرض كل الأوقات بالمنطقة الزمنية للغرفة، وهي غير منطقة هذا الجهاز</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <source>Name</source>
        <translation>اسم الدخول</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>الاسم الظاهر</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <source>Organisational unit</source>
        <translation>الجهة</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>نشط</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>موقوف</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>إضافة مستخدم</translation>
    </message>
    <message>
        <source>Sign-in name:</source>
        <translation>اسم الدخول:</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>الاسم الظاهر:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>تأكيد كلمة المرور:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>الدور:</translation>
    </message>
    <message>
        <source>Organisational unit:</source>
        <translation>الجهة:</translation>
    </message>
    <message>
        <source>A sign-in name is required.</source>
        <translation>اسم الدخول مطلوب.</translation>
    </message>
    <message>
        <source>A password is required.</source>
        <translation>كلمة المرور مطلوبة.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>كلمتا المرور غير متطابقتين.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>تغيير الدور</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>المستخدم:</translation>
    </message>
    <message>
        <source>New role:</source>
        <translation>الدور الجديد:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>السبب:</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>المستخدمون</translation>
    </message>
    <message>
        <source>Users of this desk</source>
        <translation>مستخدمو هذا المكتب</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>إضافة مستخدم…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>تغيير الدور…</translation>
    </message>
    <message>
        <source>Only an administrator can add users, change roles, deactivate accounts or reset passwords.</source>
        <translation>لا يمكن إضافة المستخدمين أو تغيير أدوارهم أو إيقاف حساباتهم أو إعادة تعيين كلمات مرورهم إلا لمسؤول النظام.</translation>
    </message>
    <message>
        <source>Select a user first.</source>
        <translation>اختر مستخدمًا أولًا.</translation>
    </message>
    <message>
        <source>Reactivate account</source>
        <translation>إعادة تفعيل الحساب</translation>
    </message>
    <message>
        <source>Deactivate account</source>
        <translation>إيقاف الحساب</translation>
    </message>
    <message>
        <source>The account stops at once, also in windows that are open; its records stay.</source>
        <translation>يتوقف الحساب فورًا، حتى في النوافذ المفتوحة؛ وتبقى سجلاته.</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>تغيير كلمة مروري</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>إعادة تعيين كلمة المرور</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>كلمة المرور الحالية:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>كلمة المرور الجديدة:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>أعد كتابتها:</translation>
    </message>
    <message>
        <source>At least 12 characters, or a passphrase of four words; not a common password and not the user&apos;s name.</source>
        <translation>12 حرفًا على الأقل، أو عبارة من أربع كلمات؛ وليست كلمة مرور شائعة ولا اسم المستخدم.</translation>
    </message>
    <message>
        <source>Type your current password first.</source>
        <translation>اكتب كلمة مرورك الحالية أولًا.</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>إعادة تعيين كلمة المرور…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>تغيير كلمة مروري…</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>إعادة التفعيل…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>إيقاف…</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>يمكن لـ %1 تسجيل الدخول مجددًا.</translation>
    </message>
    <message>
        <source>%1 is deactivated.</source>
        <translation>أُوقف حساب %1.</translation>
    </message>
    <message>
        <source>New password set for %1.</source>
        <translation>عُيّنت كلمة مرور جديدة لـ %1.</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>تغيّرت كلمة مرورك.</translation>
    </message>
    <message>
        <source>Waiting (wrong passwords)</source>
        <translation>ينتظر (كلمات مرور خاطئة)</translation>
    </message>
</context>
<context>
    <name>CloseIncident</name>
    <message>
        <source>Statement %1 · %2 · %3</source>
        <translation>البيان %1 — %2 — %3</translation>
    </message>
    <message>
        <source>missed, waiting for confirmation</source>
        <translation>فات موعده وينتظر التأكيد</translation>
    </message>
    <message>
        <source>This incident still has publications scheduled. A closed incident publishes nothing: closing cancels them.</source>
        <translation>لهذه الحادثة منشورات مجدولة لم تُنشر بعد. لا يُنشر شيء باسم حادثة مغلقة: الإغلاق يلغيها.</translation>
    </message>
    <message>
        <source>Cancel these %1 scheduled publications</source>
        <translation>إلغاء المنشورات المجدولة (%1)</translation>
    </message>
    <message>
        <source>Cancel this scheduled publication</source>
        <translation>إلغاء هذا النشر المجدول</translation>
    </message>
    <message>
        <source>Close and cancel them</source>
        <translation>الإغلاق وإلغاؤها</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>إغلاق الحادثة</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <source>%1 min ago</source>
        <translation>قبل %1 دقيقة</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>قبل %1 ساعة</translation>
    </message>
    <message>
        <source>%1 tasks assigned</source>
        <translation>أُسندت %1 مهام</translation>
    </message>
    <message>
        <source>Affected areas</source>
        <translation>المناطق المتأثرة</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>إسناد</translation>
    </message>
    <message>
        <source>Board status</source>
        <translation>الحالة في اللوحة</translation>
    </message>
    <message>
        <source>Coordination board</source>
        <translation>لوحة التنسيق</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>حرجة</translation>
    </message>
    <message>
        <source>Each affected municipality</source>
        <translation>كل بلدية متأثرة</translation>
    </message>
    <message>
        <source>Escalate to the centre</source>
        <translation>التصعيد إلى المركز</translation>
    </message>
    <message>
        <source>Hand off to</source>
        <translation>الإحالة إلى</translation>
    </message>
    <message>
        <source>Hand off</source>
        <translation>إحالة</translation>
    </message>
    <message>
        <source>Last board update</source>
        <translation>آخر تحديث في اللوحة</translation>
    </message>
    <message>
        <source>Mark the selected task done</source>
        <translation>تعليم المهمة المحددة منجزة</translation>
    </message>
    <message>
        <source>Message %1 escalated to the centre</source>
        <translation>صُعّدت الرسالة %1 إلى المركز</translation>
    </message>
    <message>
        <source>Message %1 handed to %2; its response due is unchanged</source>
        <translation>أُحيلت الرسالة %1 إلى %2؛ موعد الرد لم يتغير</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>الرسالة</translation>
    </message>
    <message>
        <source>Needs from the centre</source>
        <translation>الاحتياجات من المركز</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>الشبكة</translation>
    </message>
    <message>
        <source>Next update in (min)</source>
        <translation>التحديث التالي بعد (دقيقة)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>رقم</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>مسائل مفتوحة</translation>
    </message>
    <message>
        <source>Open messages of %1</source>
        <translation>الرسائل المفتوحة لدى %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>مفتوحة</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>متأخرة</translation>
    </message>
    <message>
        <source>Post update</source>
        <translation>نشر التحديث</translation>
    </message>
    <message>
        <source>Response due</source>
        <translation>موعد الرد</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>متقادم</translation>
    </message>
    <message>
        <source>Select a message first.</source>
        <translation>اختر رسالة أولًا.</translation>
    </message>
    <message>
        <source>Select a task first.</source>
        <translation>اختر مهمة أولًا.</translation>
    </message>
    <message>
        <source>Stable</source>
        <translation>مستقرة</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Strained</source>
        <translation>تحت ضغط</translation>
    </message>
    <message>
        <source>Task %1 done</source>
        <translation>أُنجزت المهمة %1</translation>
    </message>
    <message>
        <source>Task for the unit</source>
        <translation>مهمة للوحدة</translation>
    </message>
    <message>
        <source>Tasks given to units</source>
        <translation>المهام المسندة إلى الوحدات</translation>
    </message>
    <message>
        <source>Tasks open</source>
        <translation>مهام مفتوحة</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>الوحدة</translation>
    </message>
    <message>
        <source>Update %1 posted</source>
        <translation>نُشر التحديث %1</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>آخر تحديث</translation>
    </message>
    <message>
        <source>Watch</source>
        <translation>مراقبة</translation>
    </message>
    <message>
        <source>Why here</source>
        <translation>سبب التوجيه</translation>
    </message>
    <message>
        <source>Why it goes there (required)</source>
        <translation>سبب الإحالة (مطلوب)</translation>
    </message>
    <message>
        <source>came in on %1's account</source>
        <translation>ورد على حساب %1</translation>
    </message>
    <message>
        <source>done by %1</source>
        <translation>أنجزها %1</translation>
    </message>
    <message>
        <source>escalated by %1</source>
        <translation>صعّدها %1</translation>
    </message>
    <message>
        <source>handed over by %1</source>
        <translation>أحالها %1</translation>
    </message>
    <message>
        <source>mentions %1</source>
        <translation>يذكر %1</translation>
    </message>
    <message>
        <source>from the unit's focal point</source>
        <translation>من منسق الوحدة</translation>
    </message>
    <message>
        <source>%1's version of network statement %2</source>
        <translation>نسخة %1 من بيان الشبكة %2</translation>
    </message>
    <message>
        <source>not localised yet</source>
        <translation>لم تُوطَّن بعد</translation>
    </message>
    <message>
        <source>published %1</source>
        <translation>نُشرت %1</translation>
    </message>
    <message>
        <source>Cascade: %1</source>
        <translation>التعميم: %1</translation>
    </message>
    <message>
        <source>no place named</source>
        <translation>لم يُذكر مكان</translation>
    </message>
    <message>
        <source>no update yet</source>
        <translation>لا تحديث بعد</translation>
    </message>
    <message>
        <source>open</source>
        <translation>مفتوحة</translation>
    </message>
    <message>
        <source>pin inside %1</source>
        <translation>الموقع داخل نطاق %1</translation>
    </message>
    <message>
        <source>places of several units: %1</source>
        <translation>أماكن لعدة وحدات: %1</translation>
    </message>
</context>
<context>
    <name>Exercise</name>
    <message>
        <source>Write the debrief…</source>
        <translation>كتابة تقرير استخلاص الدروس…</translation>
    </message>
    <message>
        <source>Folder for the debrief</source>
        <translation>مجلد تقرير استخلاص الدروس</translation>
    </message>
    <message>
        <source>Writing the debrief…</source>
        <translation>جارٍ كتابة التقرير…</translation>
    </message>
    <message>
        <source>Debrief written: %1</source>
        <translation>كُتب التقرير: %1</translation>
    </message>
    <message>
        <source>Add the event list</source>
        <translation>إضافة قائمة الأحداث</translation>
    </message>
    <message>
        <source>Observer&apos;s note</source>
        <translation>ملاحظة المراقب</translation>
    </message>
    <message>
        <source>Add the note</source>
        <translation>إضافة الملاحظة</translation>
    </message>
    <message>
        <source>What you saw, at this moment</source>
        <translation>ما لاحظته في هذه اللحظة</translation>
    </message>
    <message>
        <source>Note recorded</source>
        <translation>سُجّلت الملاحظة</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>واتساب</translation>
    </message>
    <message>
        <source>X</source>
        <translation>إكس</translation>
    </message>
    <message>
        <source>News</source>
        <translation>الأخبار</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>البريد الإلكتروني</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>مركز البلاغات</translation>
    </message>
    <message>
        <source>Rumour wave</source>
        <translation>موجة شائعة</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>تطور الموقف</translation>
    </message>
    <message>
        <source>Worried resident</source>
        <translation>مواطن قلق</translation>
    </message>
    <message>
        <source>Local influencer</source>
        <translation>مؤثر محلي</translation>
    </message>
    <message>
        <source>Journalist</source>
        <translation>صحفي</translation>
    </message>
    <message>
        <source>Rumour account</source>
        <translation>حساب شائعات</translation>
    </message>
    <message>
        <source>Expatriate worker</source>
        <translation>عامل وافد</translation>
    </message>
    <message>
        <source>Amanah leadership</source>
        <translation>قيادة الأمانة</translation>
    </message>
    <message>
        <source>running</source>
        <translation>قيد التشغيل</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>متوقف مؤقتاً</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>منتهٍ</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>القناة</translation>
    </message>
    <message>
        <source>Inject</source>
        <translation>الحدث</translation>
    </message>
    <message>
        <source>Injected</source>
        <translation>أُدخل</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>من</translation>
    </message>
    <message>
        <source>What</source>
        <translation>ماذا</translation>
    </message>
    <message>
        <source>Expectation</source>
        <translation>المتوقع</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>المهلة</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>لم يتحقق بعد</translation>
    </message>
    <message>
        <source>Trainer's console</source>
        <translation>لوحة المدرب</translation>
    </message>
    <message>
        <source>EXERCISE</source>
        <translation>تمرين</translation>
    </message>
    <message>
        <source>Jump to the next inject</source>
        <translation>الانتقال إلى الحدث التالي</translation>
    </message>
    <message>
        <source>End the exercise</source>
        <translation>إنهاء التمرين</translation>
    </message>
    <message>
        <source>Timeline of injects</source>
        <translation>الجدول الزمني للأحداث</translation>
    </message>
    <message>
        <source>What the trainees did</source>
        <translation>ما فعله المتدربون</translation>
    </message>
    <message>
        <source>Expectations</source>
        <translation>التوقعات</translation>
    </message>
    <message>
        <source>Inject now</source>
        <translation>أدخِل الآن</translation>
    </message>
    <message>
        <source>Add an inject now</source>
        <translation>إضافة حدث الآن</translation>
    </message>
    <message>
        <source>The message the public sends</source>
        <translation>الرسالة التي يرسلها الجمهور</translation>
    </message>
    <message>
        <source>%1 at %2×</source>
        <translation>%1 بسرعة %2×</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>استئناف</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>إيقاف مؤقت</translation>
    </message>
    <message>
        <source>%1 injects were set aside: %2</source>
        <translation>جُنّب %1 من الأحداث: %2</translation>
    </message>
    <message>
        <source>Type the message to inject first.</source>
        <translation>اكتب نص الرسالة أولاً.</translation>
    </message>
    <message>
        <source>Injected at %1</source>
        <translation>أُدخل عند %1</translation>
    </message>
</context>
<context>
    <name>Quarantine</name>
    <message>
        <source>Set aside at</source>
        <translation>وقت الحجز</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>القناة</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>الموضع</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>المحجوزات</translation>
    </message>
    <message>
        <source>Retry (parse again)</source>
        <translation>إعادة المحاولة (قراءة من جديد)</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>استبعاد</translation>
    </message>
    <message>
        <source>Reason for discarding</source>
        <translation>سبب الاستبعاد</translation>
    </message>
    <message>
        <source>%1 items set aside: intake went on without them.</source>
        <translation>%1 عناصر محجوزة جانبًا: استمر الاستقبال من دونها.</translation>
    </message>
    <message>
        <source>Nothing set aside: every item was stored.</source>
        <translation>لا شيء محجوز: حُفظ كل عنصر.</translation>
    </message>
    <message>
        <source>(no raw bytes kept: import the source again)</source>
        <translation>(لم تُحفظ البيانات الخام: استورد المصدر من جديد)</translation>
    </message>
    <message>
        <source>Item %1 stored: %2 new, %3 duplicate</source>
        <translation>حُفظ العنصر %1: %2 جديدة، %3 مكررة</translation>
    </message>
    <message>
        <source>Say why the item is discarded.</source>
        <translation>اذكر سبب استبعاد العنصر.</translation>
    </message>
    <message>
        <source>Item %1 discarded</source>
        <translation>استُبعد العنصر %1</translation>
    </message>
</context>
<context>
    <name>ConflictBanner</name>
    <message>
        <source>Apply mine anyway</source>
        <translation>طبّق تغييري على أي حال</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>أبقِ تغييرهم</translation>
    </message>
    <message>
        <source>another user</source>
        <translation>مستخدم آخر</translation>
    </message>
    <message>
        <source>Not applied: %1 changed this message at %2, after you saw it. It now shows their change.</source>
        <translation>لم يُطبَّق: غيّر %1 هذه الرسالة في %2 بعد أن اطّلعتَ عليها. تظهر الآن بتغييره.</translation>
    </message>
    <message>
        <source>Not applied: %1 changed this rumour at %2, after you saw it. It now shows their change.</source>
        <translation>لم يُطبَّق: غيّر %1 هذه الشائعة في %2 بعد أن اطّلعتَ عليها. تظهر الآن بتغييره.</translation>
    </message>
</context>
<context>
    <name>Briefings</name>
    <message>
        <source>Not sent: no opt-in</source>
        <translation>لم تُرسل: لا موافقة مسجلة</translation>
    </message>
    <message>
        <source>Drill: kept in the sandbox</source>
        <translation>تمرين: بقيت في بيئة الاختبار</translation>
    </message>
    <message>
        <source>In the app only</source>
        <translation>داخل التطبيق فقط</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>أُرسلت</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>وصلت</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>قُرئت</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>تعذّر الإرسال</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>وقت الإرسال</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>القالب</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>المستلمون</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>المستلم</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>الرقم</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Template name</source>
        <translation>اسم القالب</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>المتغيرات</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>الغرض</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>مستخدم</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>موقوف</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>القوائم</translation>
    </message>
    <message>
        <source>WhatsApp opt-in</source>
        <translation>موافقة واتساب</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>نشط</translation>
    </message>
    <message>
        <source>No</source>
        <translation>لا</translation>
    </message>
    <message>
        <source>Briefings</source>
        <translation>الإحاطات</translation>
    </message>
    <message>
        <source>Draft situation report</source>
        <translation>إعداد تقرير الموقف</translation>
    </message>
    <message>
        <source>Send to the leadership</source>
        <translation>إرسال إلى القيادة</translation>
    </message>
    <message>
        <source>Sent and receipts</source>
        <translation>المُرسل وإشعارات الاستلام</translation>
    </message>
    <message>
        <source>WhatsApp templates</source>
        <translation>قوالب واتساب</translation>
    </message>
    <message>
        <source>incident, summary</source>
        <translation>incident, summary</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>حفظ القالب</translation>
    </message>
    <message>
        <source>Agreed to receive WhatsApp messages</source>
        <translation>وافق على تلقي رسائل واتساب</translation>
    </message>
    <message>
        <source>Save recipient</source>
        <translation>حفظ المستلم</translation>
    </message>
    <message>
        <source>Parameters, in order</source>
        <translation>المتغيرات بالترتيب</translation>
    </message>
    <message>
        <source>Purpose (Arabic)</source>
        <translation>الغرض (بالعربية)</translation>
    </message>
    <message>
        <source>Purpose (English)</source>
        <translation>الغرض (بالإنجليزية)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المعرّف</translation>
    </message>
    <message>
        <source>No situation report cadence: no unit is involved</source>
        <translation>لا مواعيد لتقرير الموقف: لا وحدة مشاركة في الحادث</translation>
    </message>
    <message>
        <source>Next situation report due %1</source>
        <translation>تقرير الموقف التالي مستحق %1</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>مسودة</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>قيد المراجعة</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <source>published</source>
        <translation>منشور</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>مستبدل</translation>
    </message>
    <message>
        <source>Situation report drafted as statement %1: review and approve it</source>
        <translation>أُعدّ تقرير الموقف بيانًا رقم %1: راجعه واعتمده</translation>
    </message>
    <message>
        <source>Draft a situation report first.</source>
        <translation>أعدّ تقرير الموقف أولًا.</translation>
    </message>
    <message>
        <source>Situation report sent to %1 recipients</source>
        <translation>أُرسل تقرير الموقف إلى %1 من المستلمين</translation>
    </message>
    <message>
        <source>Template %1 saved</source>
        <translation>حُفظ القالب %1</translation>
    </message>
    <message>
        <source>Recipient %1 saved</source>
        <translation>حُفظ المستلم %1</translation>
    </message>
    <message>
        <source>No WhatsApp opt-in on record</source>
        <translation>لا موافقة واتساب مسجلة</translation>
    </message>
    <message>
        <source>WhatsApp is not set up in this room</source>
        <translation>واتساب غير مُعدّ في هذه الغرفة</translation>
    </message>
    <message>
        <source>WhatsApp's answer was not readable</source>
        <translation>تعذّرت قراءة رد واتساب</translation>
    </message>
    <message>
        <source>WhatsApp returned no message id</source>
        <translation>لم يُرجع واتساب معرّف الرسالة</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>Central media department</source>
        <translation>الإدارة الإعلامية المركزية</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>بلدية</translation>
    </message>
    <message>
        <source>Sub-municipality</source>
        <translation>بلدية فرعية</translation>
    </message>
    <message>
        <source>Partner agency</source>
        <translation>جهة شريكة</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>مكتب</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>الوحدة</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>الرمز</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Active (deactivating keeps its record)</source>
        <translation>نشطة (الإيقاف يُبقي سجلها)</translation>
    </message>
    <message>
        <source>minutes, empty: the playbook's</source>
        <translation>بالدقائق، فارغ: مهلة الدليل</translation>
    </message>
    <message>
        <source>Why (kept in the decision log)</source>
        <translation>السبب (يُحفظ في سجل القرارات)</translation>
    </message>
    <message>
        <source>New unit</source>
        <translation>وحدة جديدة</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Arabic name</source>
        <translation>الاسم بالعربية</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>الاسم بالإنجليزية</translation>
    </message>
    <message>
        <source>Under</source>
        <translation>تتبع</translation>
    </message>
    <message>
        <source>Focal point</source>
        <translation>منسق الاتصال</translation>
    </message>
    <message>
        <source>Response target</source>
        <translation>مهلة الرد</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>تعديل %1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>نشطة</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>موقوفة</translation>
    </message>
    <message>
        <source>(top of the network)</source>
        <translation>(أعلى الشبكة)</translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation>أُضيفت %1</translation>
    </message>
    <message>
        <source>Give a reason for the change.</source>
        <translation>اذكر سبب التعديل.</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>لا شيء لتعديله.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>حُفظت %1</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>A statement waits for your approval</source>
        <translation>بيان ينتظر اعتمادك</translation>
    </message>
    <message>
        <source>Open Approvals to read it and approve or reject it.</source>
        <translation>افتح الاعتمادات لقراءته واعتماده أو رفضه.</translation>
    </message>
    <message>
        <source>%1 statements wait for your approval.</source>
        <translation>%1 بيانات تنتظر اعتمادك.</translation>
    </message>
</context>
<!-- inbox composer begin -->
<context>
    <name>InboxDetail</name>
    <message>
        <source>Me</source>
        <translation>أنا</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>المستخدمون</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>لا أحد (إلغاء الإسناد)</translation>
    </message>
    <message>
        <source>Unassigned ▾</source>
        <translation>غير مسندة ▾</translation>
    </message>
    <message>
        <source>Assign to a user or a unit</source>
        <translation>أسندها إلى مستخدم أو وحدة</translation>
    </message>
</context>
<context>
    <name>InboxFilters</name>
    <message>
        <source>Marks</source>
        <translation>الرموز</translation>
    </message>
    <message>
        <source>What the marks and colours mean</source>
        <translation>معنى الرموز والألوان</translation>
    </message>
    <message>
        <source>%1 in a rumour cluster: others sent nearly the same message (the Rumours screen answers them together) · Due column: time left to answer; amber: due within 15 minutes, red: late · Times are how long ago; hover for the full date · Keys: J/K next/previous · 1–5 category · A assign to me · E escalate · C close · R reply · Ctrl+H hotline call</source>
        <translation>%1 ضمن مجموعة شائعة: أرسل آخرون رسالة شبه مطابقة (تُجاب معًا من شاشة سجل الشائعات) — عمود موعد الرد: الوقت الباقي للرد؛ الكهرماني: يحين خلال ربع ساعة، والأحمر: متأخرة — الأوقات منذ الاستلام؛ مرّر المؤشر لرؤية التاريخ كاملًا — المفاتيح: J/K التالية/السابقة — 1–5 التصنيف — A إسنادها إليّ — E تصعيد — C إغلاق — R رد — Ctrl+H بلاغ هاتفي</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>كل الوحدات</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>المسندة إليّ</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>غير مسندة</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>أي مكلَّف</translation>
    </message>
</context>
<context>
    <name>InboxTime</name>
    <message>
        <source>Answer by %1</source>
        <translation>الرد قبل %1</translation>
    </message>
    <message>
        <source>⚑ In rumour cluster %1: others sent nearly the same message.</source>
        <translation>⚑ ضمن مجموعة الشائعة %1: أرسل آخرون رسالة شبه مطابقة.</translation>
    </message>
    <message>
        <source>late</source>
        <translation>متأخرة</translation>
    </message>
    <message>
        <source>now</source>
        <translation>الآن</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 د</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 س</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 ي</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>حان الآن</translation>
    </message>
    <message>
        <source>late %1</source>
        <translation>متأخرة %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>باقي %1</translation>
    </message>
</context>
<context>
    <name>Reply</name>
    <message>
        <source>Write my own reply…</source>
        <translation>اكتب ردًا بنفسك…</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>العربية</translation>
    </message>
    <message>
        <source>English</source>
        <translation>الإنجليزية</translation>
    </message>
    <message>
        <source>The citizen receives (%1):</source>
        <translation>يصل إلى المواطن (%1):</translation>
    </message>
    <message>
        <source>The same reply in %1:</source>
        <translation>الرد نفسه باللغة %1:</translation>
    </message>
    <message>
        <source>Fill in %1 before sending.</source>
        <translation>املأ %1 قبل الإرسال.</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>رد</translation>
    </message>
    <message>
        <source>Write the reply as the citizen will read it.</source>
        <translation>اكتب الرد كما سيقرؤه المواطن.</translation>
    </message>
    <message>
        <source>Conversation with this person</source>
        <translation>المحادثة مع هذا الشخص</translation>
    </message>
    <message>
        <source>No earlier messages.</source>
        <translation>لا رسائل سابقة.</translation>
    </message>
    <message>
        <source>Reply with</source>
        <translation>نوع الرد</translation>
    </message>
    <message>
        <source>%1 of %2 characters. Sent exactly as written, and kept in full in the decision log.</source>
        <translation>%1 من %2 حرفًا. يُرسل كما كُتب تمامًا، ويُحفظ كاملًا في سجل القرارات.</translation>
    </message>
    <message>
        <source>The text holds an invisible direction control that would reorder what the citizen reads (pasted from a message?): type it again.</source>
        <translation>في النص علامة اتجاه خفية تعيد ترتيب ما يقرؤه المواطن (نُسخ من رسالة؟): اكتبه من جديد.</translation>
    </message>
    <message>
        <source>Reply to everyone in the cluster</source>
        <translation>الرد على كل من في المجموعة</translation>
    </message>
    <message>
        <source>Goes to %1 people: everyone in the cluster not answered yet and with no reply waiting to be checked.</source>
        <translation>يصل إلى %1 شخصًا: كل من في المجموعة لم يُجَب بعد وليس له رد ينتظر التحقق.</translation>
    </message>
    <message>
        <source>Send to %1</source>
        <translation>إرسال إلى %1</translation>
    </message>
    <message>
        <source>Everyone in this cluster has been answered already.</source>
        <translation>أُجيب كل من في هذه المجموعة.</translation>
    </message>
</context>
<context>
    <name>Rumours</name>
    <message>
        <source>The playbook has no canned replies.</source>
        <translation>لا توجد ردود جاهزة في دليل السيناريو.</translation>
    </message>
</context>
<!-- inbox composer end -->
</TS>
