"""Kinds of residents who sign up as helpers, and a few residents written out in full."""

from __future__ import annotations

from dataclasses import dataclass

WD_AM, WD_PM, WD_EV = "weekday_morning", "weekday_afternoon", "weekday_evening"
WE_AM, WE_PM, WE_EV = "weekend_morning", "weekend_afternoon", "weekend_evening"


@dataclass(frozen=True)
class Persona:
    name: str
    weight: int
    generation: str  # which given-name bank fits: young, middle, older
    themes: tuple[str, ...]
    skills: tuple[str, ...]
    slot_sets: tuple[tuple[str, ...], ...]
    online: float  # how likely online_ok is
    # "f:"/"m:" marks an intro that fits only one given name; a skill id ("it:") marks
    # an intro that implies that skill, which the helper then gets.
    intros: tuple[str, ...]


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "student",
        14,
        "young",
        ("kodomo", "gakushu", "kankyo", "tabunka", "machi", "bunka", "shogai"),
        ("english", "pr", "photo", "teacher", "sport", "music", "physical", "it"),
        ((WD_EV, WE_PM), (WE_AM, WE_PM), (WD_PM, WE_PM, WE_EV), (WE_PM,), (WD_EV,)),
        0.8,
        (
            "大学2年生です。",
            "区内の大学で社会福祉を学んでいます。",
            "高校生で、部活がない日に活動したいです。",
            "教育学部の3年です！",
            "専門学校で保育を勉強中です。",
            "就活が落ち着いたので、地域のことをやってみたくなりました。",
            "大学のサークルで子ども支援をしています。",
        ),
    ),
    Persona(
        "office",
        16,
        "middle",
        ("bousai", "machi", "gakushu", "npo", "kankyo", "digital", "kodomo"),
        ("excel", "ppt", "word", "it", "accounting", "pr", "design", "english", "driving"),
        ((WD_EV, WE_AM), (WE_AM, WE_PM), (WD_EV,), (WE_PM, WE_EV), (WD_EV, WE_AM, WE_PM)),
        0.7,
        (
            "都内の会社で事務をしています。",
            "it:IT企業でエンジニアをしています。",
            "メーカーの営業職です。",
            "在宅勤務が増えて、地元で過ごす時間が長くなりました。",
            "accounting:経理の仕事をしています。",
            "転勤で板橋に引っ越してきて2年目です。",
            "平日は会社員、休日は地元でのんびりしています。",
        ),
    ),
    Persona(
        "parent",
        14,
        "middle",
        ("kosodate", "kodomo", "gakushu", "bousai", "food", "bouhan"),
        ("cooking", "childcare", "excel", "driving", "design", "word", "listening"),
        ((WD_AM, WD_PM), (WD_AM,), (WD_PM, WE_AM), (WD_AM, WD_PM, WE_AM)),
        0.6,
        (
            "f:小学生2人の母です。",
            "子育て中で、下の子が幼稚園に入って少し時間ができました。",
            "m:育休中のパパです。",
            "中学生の子どもがいて、PTAで少し活動していました。",
            "f:保育園児のママです。",
            "子どもが小学校に上がり、パートの合間に何かしたいと思っています。",
        ),
    ),
    Persona(
        "retiree",
        22,
        "older",
        ("mimamori", "bousai", "kankyo", "machi", "bunka", "kaigo", "bouhan", "ibasho", "gakushu"),
        (
            "driving",
            "carpentry",
            "teacher",
            "accounting",
            "cooking",
            "listening",
            "disaster",
            "music",
            "physical",
            "word",
        ),
        ((WD_AM, WD_PM), (WD_AM,), (WD_AM, WD_PM, WE_AM), (WD_PM,), (WD_AM, WE_AM)),
        0.25,
        (
            "定年退職して3年になります。",
            "teacher:長く区内の小学校で教員をしていました。",
            "65歳、元会社員です。",
            "夫婦ふたり暮らしです。",
            "町会の役員を少しやっています。",
            "carpentry:40年近く建設会社に勤めていました。",
            "退職後、何か地域の役に立ちたいと思っていました。",
            "70代ですが、まだまだ元気です。",
        ),
    ),
    Persona(
        "care",
        10,
        "middle",
        ("kaigo", "mimamori", "shogai", "kenko", "ibasho"),
        ("care", "nurse", "sign", "listening", "disaster", "driving", "cooking"),
        ((WE_AM, WE_PM), (WD_EV, WE_PM), (WD_AM, WE_AM), ()),
        0.4,
        (
            "care:介護施設で働いています。",
            "nurse:病院で看護師をしています（シフト勤務）。",
            "care:訪問介護のヘルパーをしています。",
            "以前、特養で働いていました。",
            "理学療法士です。",
            "障害者施設の生活支援員をしています。",
        ),
    ),
    Persona(
        "professional",
        10,
        "middle",
        ("npo", "machi", "digital", "kosodate", "tabunka"),
        ("legal", "it", "design", "accounting", "pr", "photo", "excel", "ppt", "english"),
        ((WD_EV,), (WD_EV, WE_AM), (WE_AM, WE_PM), (WD_EV, WE_PM)),
        0.9,
        (
            "legal:個人で事務所を開いています。",
            "design:フリーランスのデザイナーです。",
            "accounting:会計事務所に勤めています。",
            "it:Webエンジニアです。",
            "pr:編集・ライターの仕事をしています。",
            "photo:フォトグラファーをしています。",
            "広告代理店でディレクターをしています。",
        ),
    ),
    Persona(
        "shopkeeper",
        6,
        "older",
        ("machi", "kodomo", "food", "bouhan", "bunka"),
        ("cooking", "driving", "physical", "photo", "carpentry"),
        ((WD_PM,), (WD_EV, WE_EV), (WE_AM,), (WD_AM,)),
        0.3,
        (
            "cooking:駅前で小さな飲食店をやっています。",
            "商店街で八百屋を営んでいます。",
            "美容室を経営しています（月曜定休）。",
            "町の電器屋をしています。",
            "実家の和菓子屋を継いで15年になります。",
        ),
    ),
)

# Residents written out in full: non-Japanese residents and signers. Their bios are their own.
NAMED_RESIDENTS: tuple[dict[str, object], ...] = (
    {
        "display_name": "グエン・ティ・ラン",
        "local": "lan.nguyen",
        "area": "高島平駅の近く",
        "themes": ["多文化共生", "通訳"],
        "skills": ["ベトナム語（母語）", "日本語N3"],
        "availability": [WE_PM],
        "online_ok": False,
        "languages": ["vi", "ja"],
        "bio": "ベトナムから来ました。高島平に住んで4年です。にほんごは すこし わかります。"
        "ベトナム語の通訳ならお手伝いできます。",
    },
    {
        "display_name": "Bikash Rai",
        "local": "bikash.rai",
        "area": "大山",
        "themes": ["多文化", "料理"],
        "skills": ["ネパール語", "cooking", "ヒンディー語少し"],
        "availability": [WE_AM, WE_PM],
        "online_ok": False,
        "languages": ["ne", "en", "ja"],
        "bio": "I came from Nepal and work at a restaurant in Oyama. "
        "日曜日は やすみです。ネパールの料理を作れます。",
    },
    {
        "display_name": "李　静",
        "local": "li.jing",
        "area": "板橋区中台二丁目",
        "themes": ["多文化共生", "日本語教室"],
        "skills": ["中国語（ネイティブ）", "通訳・翻訳", "Excel"],
        "availability": [WD_EV],
        "online_ok": True,
        "languages": ["zh", "ja"],
        "bio": "中国・大連出身です。日本に来て10年、今は貿易会社で働いています。"
        "平日の夜ならオンラインで通訳や翻訳のお手伝いができます。",
    },
    {
        "display_name": "キム ミンジ",
        "local": "minji.kim",
        "area": "下赤塚",
        "themes": ["国際交流", "こども"],
        "skills": ["韓国語", "English"],
        "availability": [WD_PM, WE_PM],
        "online_ok": True,
        "languages": ["ko", "ja", "en"],
        "bio": "韓国ソウル出身の留学生です！子どもと遊ぶ活動や、韓国語を教えるボランティアに"
        "興味があります。",
    },
    {
        "display_name": "Maria Santos",
        "local": "maria.santos",
        "area": "板橋区蓮根3-6-2",
        "themes": ["子ども食堂"],
        "skills": ["cooking", "English", "Tagalog"],
        "availability": [WE_AM],
        "online_ok": False,
        "languages": ["tl", "en", "ja"],
        "bio": "Hi! I'm from the Philippines and I have two kids in elementary school. "
        "子ども食堂で てつだいたいです。I can cook Filipino food 😊",
    },
    {
        "display_name": "James Miller",
        "local": "jmiller",
        "area": "ときわ台駅周辺",
        "themes": ["English for kids", "国際交流"],
        "skills": ["English (native)", "翻訳"],
        "availability": [WE_AM, WE_PM],
        "online_ok": True,
        "languages": ["en", "ja"],
        "bio": "Originally from Canada, living in Tokiwadai for 6 years. I teach English at a "
        "language school and am happy to help with English lessons or translation. "
        "日本語は日常会話くらいです。",
    },
    {
        "display_name": "チャン・ヴァン・ドゥック",
        "local": "duc.tran",
        "area": "徳丸",
        "themes": ["介護", "多文化共生"],
        "skills": ["介護職員初任者研修", "ベトナム語"],
        "availability": [WD_EV, WE_EV],
        "online_ok": False,
        "languages": ["vi", "ja"],
        "bio": "技能実習で来日し、今は徳丸の介護施設で働いています。来年、介護福祉士の試験を"
        "受ける予定です。同じベトナム人の相談にものれます。",
    },
    {
        "display_name": "王 芳",
        "local": "wang.fang",
        "area": "成増",
        "themes": ["読み聞かせ", "子育て"],
        "skills": [],
        "availability": [WD_AM],
        "online_ok": False,
        "languages": ["zh", "ja"],
        "bio": "子どもが2人います。中国語の絵本の読み聞かせができます。",
    },
    {
        "display_name": "Priya Sharma",
        "local": "priya.s",
        "area": "成増駅周辺",
        "themes": ["IT", "NPO support"],
        "skills": ["Python", "data analysis", "web"],
        "availability": [WD_EV, WE_AM],
        "online_ok": True,
        "languages": ["en"],
        "bio": "Software engineer living in Narimasu. I can help with websites, spreadsheets or "
        "data. Online works best for me. にほんご、べんきょうちゅうです。",
    },
    {
        "display_name": "パク ジョンホ",
        "local": "jongho.park",
        "area": "大山ハッピーロードのあたり",
        "themes": ["商店街", "多文化"],
        "skills": ["韓国語", "調理師免許"],
        "availability": [WD_PM],
        "online_ok": False,
        "languages": ["ko", "ja"],
        "bio": "韓国出身、日本に住んで20年になります。大山で韓国料理の店をやっています。"
        "火曜の昼間なら店を抜けられます。",
    },
    {
        "display_name": "Sunita Thapa",
        "local": "sunita.thapa",
        "area": "板橋区富士見町",
        "themes": ["日本語"],
        "skills": [],
        "availability": [],
        "online_ok": False,
        "languages": ["ne", "ja"],
        "bio": "ネパールから きました。こどもは 3さいです。にほんごを べんきょう しています。"
        "へいじつの ごぜん なら だいじょうぶです。",
    },
    {
        "display_name": "Anna Reyes",
        "local": "anna.reyes",
        "area": "東武練馬駅の近く",
        "themes": ["elderly care", "見守り"],
        "skills": ["caregiver", "English", "Tagalog"],
        "availability": [WE_PM],
        "online_ok": False,
        "languages": ["tl", "en", "ja"],
        "bio": "Caregiver at a nursing home in Tokumaru. I speak Tagalog, English and some "
        "Japanese. 日曜日の午後なら参加できます。",
    },
    {
        "display_name": "陳 家豪",
        "local": "chen.jiahao",
        "area": "板橋区赤塚新町1丁目",
        "themes": ["学習支援", "多文化共生"],
        "skills": ["数学", "中国語", "英語"],
        "availability": [WD_EV, WE_PM],
        "online_ok": True,
        "languages": ["zh", "en", "ja"],
        "bio": "台湾から来た大学院生です。専門は数学です。中高生に数学を教えるボランティアを"
        "してみたいです。",
    },
    {
        "display_name": "Nguyen Van Minh",
        "local": "minh.nv",
        "area": "舟渡",
        "themes": ["スポーツ", "子ども"],
        "skills": ["soccer coach", "ベトナム語"],
        "availability": [WE_AM],
        "online_ok": False,
        "languages": ["vi", "en"],
        "bio": "I am an engineering student. I like soccer. サッカーを こどもに おしえたいです。",
    },
    {
        "display_name": "森下 さとみ",
        "local": "satomi.morishita",
        "area": "清水",
        "themes": ["障害者支援", "手話サークル"],
        "skills": ["手話（ネイティブ）", "筆談"],
        "availability": [WD_PM, WE_PM],
        "online_ok": True,
        "languages": ["jsl", "ja"],
        "bio": "ろう者です。手話で話します。筆談でも大丈夫です。聞こえる人と聞こえない人が"
        "一緒に参加できる活動に関わりたいです。",
    },
    {
        "display_name": "松尾　ゆうき",
        "local": "yuki.matsuo",
        "area": "板橋区志村2丁目",
        "themes": ["障がい者支援", "通訳"],
        "skills": ["手話", "普通免許"],
        "availability": [WE_AM, WE_PM, WE_EV],
        "online_ok": True,
        "languages": ["ja", "jsl"],
        "bio": "両親がろう者で、手話は小さいころから使っています。資格はありませんが、"
        "手話通訳のお手伝いができます。",
    },
    {
        "display_name": "石田 ともえ",
        "local": "tomoe.ishida",
        "area": "前野町",
        "themes": ["手話", "子育て"],
        "skills": ["手話通訳士", "保育士"],
        "availability": [WD_AM, WD_PM],
        "online_ok": False,
        "languages": ["ja", "jsl"],
        "bio": "手話通訳士をしています。聞こえない親御さんの子育てを応援したいです。",
    },
)

DEMO_RESIDENT: dict[str, object] = {
    "type": "helper",
    "key": "demo-resident",
    "display_name": "板橋 はなこ",
    "email": "resident@demo.matchhub.jp",
    "themes": ["子ども食堂", "高齢者の見守り"],
    "skills": ["調理", "エクセル", "普通免許"],
    "area": "高島平",
    "availability": [WE_AM, WE_PM],
    "online_ok": True,
    "languages": ["ja"],
    "bio": "高島平に住んで10年になります。平日は事務の仕事をしているので、土日なら参加できます。"
    "料理が好きなので、子ども食堂のお手伝いに興味があります。",
}
