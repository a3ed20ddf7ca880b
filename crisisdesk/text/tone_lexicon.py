"""The tone lexicon: Arabic (formal, Gulf and Egyptian everyday forms) and English words
and emoji that carry the public's tone, written for CrisisDesk by its developers.

Weights: +1/+2 positive, -1/-2 negative. ``ANGER`` and ``FEAR`` mark the two emotions a
crisis room watches. Words are given as people write them; they are normalised (hamza,
taa marbuta, alef maqsura folded) when the lexicon loads, and matched with and without the
common clitics. Licence: the project's own; no third-party word list was used.
"""

from __future__ import annotations

# ruff: noqa: SIM905  (word lists are easier to read and extend as text)

# Phrases of several words, with their weight (matched as a sequence).
PHRASES = {
    "الله يعطيكم العافيه": 2.0,
    "يعطيكم العافيه": 2.0,
    "يعطيك العافيه": 2.0,
    "الله يحفظكم": 2.0,
    "الله يجزاكم خير": 2.0,
    "الف مبروك": 2.0,
    "ما قصرتم": 2.0,
    "ما قصرت": 2.0,
    "كفو والله": 2.0,
    "الحمد لله": 1.0,
    "well done": 2.0,
    "thank you": 2.0,
    "حسبي الله": -2.0,
    "حسبنا الله": -2.0,
    "الله ياخذ": -2.0,
    "الله يلعن": -2.0,
    "ما احد رد": -1.5,
    "محد رد": -1.5,
    "ماحد رد": -1.5,
    "محد يرد": -1.5,
    "وين البلديه": -1.5,
    "وين الامانه": -1.5,
    "مو معقول": -1.5,
    "مش معقول": -1.5,
    "no one": -1.0,
    "كفايه بقى": -1.5,
    "الله يستر": -1.0,
    "اللهم سلم": -1.0,
    "يارب سلم": -1.0,
}
FEAR_PHRASES = ("الله يستر", "اللهم سلم", "يارب سلم")
ANGER_PHRASES = (
    "حسبي الله", "حسبنا الله", "الله ياخذ", "الله يلعن", "وين البلديه", "وين الامانه",
    "محد رد", "ما احد رد", "ماحد رد", "محد يرد", "كفايه بقى",
)  # fmt: skip

POSITIVE_2 = """
ممتاز ممتازه رائع رائعه روعه جميل جميله احسنتم احسنت شكرا شكرًا مشكورين مشكور
جزاكم جزاك بارك مبارك مبروك تهانينا نفتخر فخر فخور
فخوره شكر نشكر اشكر ممتن ممتنين تسلم تسلمون تسلموا ابطال بطل بطوله عظيم عظيمه
احب احبك حب نحبك نحبكم اجمل افضل الافضل سعيد سعيده سعاده فرحان فرحانه فرحه مبهر مذهل
ماقصرتم كفو حبيبي حبيبتي حلو حلوه تحفه جامد جميلة
""".split()
POSITIVE_1 = """
جيد جيده طيب تمام زين زينه مرتب مرتبه سريع سريعه نجاح ناجح ناجحه نجح نجحت انجاز الحمدلله
الحمد ماشاء ماشاءالله تبارك يسلمو يسلموا امان امن آمن سالم سالمه سليم سالك مفتوح
مفتوحه تحسن تحسنت انتهى انحسر انحسرت عادت رجعت استقرار مستقر مستقره فرج فرحت يسر تيسير اطمئنان
مطمئن مطمئنين مطمئنه اهتمام تعاون متعاون شفاف شفافيه واضح ثقه نثق دعم ندعم مساعده ساعدونا
ينصر ينصرك يوفق يوفقكم وفقكم توفيق خير بالخير الخير امل نأمل متفائل تفاؤل ضحك ضحكت هههه
ههههه هه لطيف لطيفه مريح مفيد مفيده مهم ابداع مبدع احترام محترم محترمين صادق صدق حق عدل
فوز فاز فازت انتصار انتصر نصر حريه سلام سلمت سلمتم نظيف نظيفه يستاهل تستاهل
great good thanks thank excellent love loved amazing awesome nice happy glad proud brave
safe relief relieved appreciate appreciated helpful wonderful best hope hopeful
calm reassured reassuring grateful bless blessed support win won
""".split()
NEGATIVE_2 = """
كارثه كارثي كارثيه فضيحه مهزله مصيبه مصايب فاشل فاشله فشل فساد فاسد فاسدين حرامي حراميه
لصوص خونه خاين خائن حقير حقيره قذر قذره زفت مقرف مقرفه وسخ وسخه تافه تافهه غبي اغبياء غباء
لعنه لعن ملعون ظلم ظالم ظلمه قهر مقهور مقهوره
مأساه ماساه موت ميت ماتو قتل قتلى قتيل مقتل مجزره اعدام دمار خراب مدمر مدمره منكوب منكوبين
""".split()
NEGATIVE_1 = """
سيء سيئ سيئه سوء اسوء اسوأ مشكله مشاكل مشكلة ازمه أزمه تأخير متاخر متأخر تاخر تأخر تاخرتم
تأخرتم اهمال مهمل مهملين تقصير مقصرين مقصر ضعيف ضعيفه زحمه زحام انقطاع انقطعت منقطع مقطوع
غرق غرقت غرقنا طفح طفحت تسرب معاناه نعاني عانينا يعاني تعبنا تعبت تعب ضايع ضايعه ضياع حزين
حزينه حزن زعلان زعلانه زعل مؤسف مؤسفه للاسف للأسف اسف الاسف خساره خسائر خسرنا ضرر اضرار
ضحايا ضحيه وفاه وفيات مصاب مصابين اصابه اصابات جرحى جريح حادث حوادث حريق حرائق انهيار انهار
خطر خطير خطيره مخيف مرعب فوضى فوضي عشوائي عشوائيه كذب كذاب كذابين كاذب كاذبه اشاعه شائعه
شائعات اشاعات مزيف وهمي تضليل مضلل وينكم
ليش ليه لماذا حرام عيب للاسف مستحيل ارهاب ارهابي ارهابيين
عنف اعتداء اعتقال معتقل سجن مرض مريض وجع الم ألم بكاء ابكي يبكي دموع مات هلكنا زهقنا
طفشنا طفش ملل مخنوق خنقه انتهاك انتهاكات ازعاج مزعج ضرب هجوم احتلال عدوان حرب
bad worst terrible awful disaster shame failed failure fail angry furious outrage
scared afraid fear panic danger dangerous dead death died killed kill injured flood
flooded sewage stuck ignored nobody useless slow delay delayed lies liar fake
corrupt negligence sad unacceptable horrible poor broken
""".split()
ANGER = """
غضب غاضب غاضبين زعلان قهر مقهور حسبي ياخذ يلعن لعنه فاشل فشل فضيحه مهزله
حرامي لصوص خونه ظلم ظالم وينكم تقصير اهمال مهمل حقير قذر
زفت مقرف عيب حرام طفشنا زهقنا كفايه angry furious outrage shame disgrace useless
negligence ignored unacceptable
""".split()
FEAR = """
خوف خايف خايفه خايفين نخاف اخاف مرعب مخيف رعب هلع فزع قلق قلقين قلقانين خطر خطير خطيره
غرقت غرقوا انقذونا انقذوا ساعدونا الحقونا النجده استغاثه محاصر محاصرين عالق عالقين غرق غرقنا انهيار
انهار سيول سيل يستر تحذير تحذيرات اخلاء hurry help trapped
scared afraid fear panic danger dangerous stuck evacuate warning
""".split()
NEGATORS = """
ما لا لم لن ليس ليست مش مو مب مهب غير بدون ماهو ماهي مافي مافيه not no never dont don't
isn't wasn't aren't without
""".split()
INTENSIFIERS = """
جدا جدًا مره مرة كثير حيل مرررره اوي قوي خالص بالمره very so really extremely totally
""".split()
POSITIVE_EMOJI = "😀😃😄😁😊☺🙂😍🥰😘❤💙💚💛🧡💜👍👏🙌💪🌹🌷🌸✨🎉🥳😇🤗👌✅🇸🇦"
NEGATIVE_EMOJI = "😡😠🤬😤😢😭😞😔😟😩😫💔👎😱😨😰😥🙄😒😑🤦⚠🔴❌🚫😓"
ANGER_EMOJI = "😡😠🤬😤👎"
FEAR_EMOJI = "😱😨😰😥⚠🚨🆘"
