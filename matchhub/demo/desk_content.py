# ruff: noqa: E501  (demo prose: one entry per line reads better than wrapped strings)
"""The demo collaboration desk of 板橋区: administrative issues, proposals, agreements and
case studies, written for this project (fictional, but as a ward would write them).

Organizations are named by their demo keys (demo-o-21 区民文化部 地域振興課, demo-o-22
防災危機管理課, demo-o-23 おとしより保健福祉センター, ...). Days are counted back from the
day the demo is loaded, so waiting times and renewals always look current.
"""

from __future__ import annotations

DEPARTMENT_ACCOUNT = ("department", "地域 ゆうこ", "demo-o-21")
COMPANY_ACCOUNT = ("company", "高島 まこと", "demo-o-11")

ISSUES = [
    {
        "ref": "home-evacuation",
        "department": "demo-o-22",
        "title": "在宅避難者に必要な情報を、確実に届けたい",
        "themes": ["disaster_prevention", "community_media"],
        "background": (
            "大きな地震のあと、区内の多くの方は避難所ではなく自宅で過ごす「在宅避難」を"
            "選ぶと見込まれています。ところが、給水・物資の配布場所や時間、罹災証明の受付"
            "といった情報は避難所の掲示や区ホームページが中心で、スマートフォンを使わない"
            "高齢の方や、マンション上層階に住む方には届きにくいのが現状です。"
        ),
        "expectations": (
            "・紙、掲示、デジタルを組み合わせ、在宅避難者に情報が届く仕組みの提案\n"
            "・平常時から使えて、訓練で試せるもの\n"
            "・区は防災訓練の場、町会・自治会との調整、区の防災情報の提供を担います。"
        ),
        "deadline_days": 45,
        "status": "open",
    },
    {
        "ref": "chokai-digital",
        "department": "demo-o-21",
        "title": "町会・自治会の担い手不足と、回覧板・会務のデジタル化",
        "themes": ["neighborhood_association", "digital_support"],
        "background": (
            "区内には約二百の町会・自治会がありますが、役員の高齢化と担い手不足が続き、"
            "回覧板の回付や会費の集金、会議の連絡が一部の役員に集中しています。若い世帯からは"
            "「加入したいが、紙の回覧や平日昼の会議には参加しにくい」という声も届いています。"
        ),
        "expectations": (
            "町会の負担を減らし、若い世代も参加しやすくなる仕組みを求めます。"
            "デジタルが苦手な会員を取り残さないこと、会員の個人情報を適切に扱うことが条件です。"
            "試行に協力する町会の紹介は地域振興課が行います。"
        ),
        "deadline_days": 30,
        "status": "open",
    },
    {
        "ref": "elderly-watch",
        "department": "demo-o-23",
        "title": "ひとり暮らし高齢者の見守りを、地域の事業者と一緒に",
        "themes": ["elderly_watch", "welfare"],
        "background": (
            "区の高齢者のうち、ひとり暮らしの方は年々増えています。民生委員や地域包括支援"
            "センターによる見守りに加えて、日頃から高齢者と接する事業者（金融機関、配送、"
            "新聞販売店、商店など）の「いつもと違う」への気づきを、支援につなげたいと考えています。"
        ),
        "expectations": (
            "業務の中でできる見守りと、気づいたときの連絡の流れの提案。"
            "区は連絡先の整備、研修の講師派遣、協力事業者の周知を担います。"
        ),
        "deadline_days": 60,
        "status": "open",
    },
    {
        "ref": "festival",
        "department": "demo-o-21",
        "title": "区民まつりの運営を支える、学生と企業の参加",
        "themes": ["events", "youth"],
        "background": "区民まつりの運営スタッフが年々不足しています。",
        "expectations": "会場運営や案内に、学生や企業の社員が参加する仕組みの提案。",
        "deadline_days": -20,
        "status": "closed",
    },
    {
        "ref": "mansion",
        "department": "demo-o-22",
        "title": "マンション防災の担い手づくり（準備中）",
        "themes": ["disaster_prevention"],
        "background": "管理組合と町会の連携が課題です。公開前の下書きです。",
        "expectations": "検討中。",
        "deadline_days": None,
        "status": "draft",
    },
]

PROPOSALS = [
    {
        "ref": "qr-card",
        "org": "demo-o-10",
        "issue": "home-evacuation",
        "status": "submitted",
        "days_ago": 20,
        "title": "紙とQRコードで届ける「在宅避難カード」",
        "summary": "マンションの各戸と町会の掲示板に、配布場所や受付窓口を一覧できるカードを届け、QRコードから最新情報に案内します。",
        "idea": "A4判のカードに、最寄りの給水所・物資配布所・相談窓口を地区ごとに印刷し、平常時に全戸へ配布します。カードのQRコードは区の防災ページの地区別の欄につながり、災害時は町会の掲示板に差し替え用の大判を貼り出します。",
        "effect": "スマートフォンを使わない方も、紙で必要な場所がわかります。訓練のたびにカードを見直すことで、家族で話し合うきっかけにもなります。",
        "roles": "当社：デザイン、印刷、掲示物の製作\n区：掲載する防災情報の提供、訓練での活用\n町会：掲示板への掲出と回覧",
        "schedule": "提案採択後2か月で試作、次の総合防災訓練で試行、その後に全区展開を検討",
        "cost": "試行地区（1地区・約3,000世帯）の印刷費 約18万円",
        "cost_bearer": "proposer",
    },
    {
        "ref": "bread",
        "org": "demo-o-12",
        "issue": None,
        "status": "submitted",
        "days_ago": 3,
        "title": "売れ残りのパンを子ども食堂へ──食品ロスを減らすしくみ",
        "summary": "閉店時に残ったパンを、近くの子ども食堂とフードバンクに届けるしくみを、区内の商店会と一緒につくります。",
        "idea": "成増北口商店会の飲食店に呼びかけ、閉店時の余剰食品を登録する簡単な表を共有します。受け取りはフードバンクのボランティアが週2回巡回します。",
        "effect": "食品ロスを減らし、子ども食堂の食材費を助けます。",
        "roles": "当店：呼びかけと余剰食品の提供\nフードバンク：回収と配分\n区：食品衛生上の注意点の助言、周知",
        "schedule": "来月から3か月の試行",
        "cost": "保冷バッグ等 約3万円（商店会の助成金を活用）",
        "cost_bearer": "third_party",
    },
    {
        "ref": "kairan",
        "org": "demo-o-11",
        "issue": "chokai-digital",
        "status": "in_dialogue",
        "days_ago": 12,
        "answered_after_days": 2,
        "share": ["demo-o-21"],
        "title": "町会向け「デジタル回覧板」の試行導入",
        "summary": "スマートフォンで回覧を読めるしくみと、紙の回覧を併用する運用を、2つの町会で半年間試します。",
        "idea": "町会の役員が回覧文書をスキャンして登録すると、登録した会員のスマートフォンに届きます。既読の状況がわかるので、紙の回覧が必要な世帯だけに回すことができます。",
        "effect": "役員の回付の手間が減り、若い世帯にも町会の情報が届きます。",
        "roles": "当社：システムの提供、設定と操作説明会\n町会：会員への案内、紙の回覧との併用\n区：試行町会の紹介、個人情報の取扱いの確認",
        "schedule": "4月 説明会、5月〜10月 試行、11月 振り返り",
        "cost": "システム利用料 月額1町会あたり5,000円（試行期間は当社負担）、説明会の会場費",
        "cost_bearer": "proposer",
        "revision": {
            "cost": "システム利用料 月額1町会あたり5,000円のうち、試行期間は当社が全額負担。説明会の会場は区の地域センターの利用をお願いしたい（会場費の減免）。",
            "cost_bearer": "shared",
            "note": "費用の内訳と会場費の扱いを追記",
        },
        "messages": [
            (
                "desk",
                2,
                "ご提案ありがとうございます。地域振興課と共有しました。個人情報の保管場所と、退会時のデータの扱いを教えてください。",
            ),
            (
                "proposer",
                4,
                "データは国内のデータセンターに保管し、退会時は30日以内に削除します。詳しい資料を添付いたします。",
            ),
            (
                "department",
                6,
                "地域振興課です。試行にご協力いただける町会として、蓮根二丁目町会に打診しています。会場費の減免は要件を確認します。",
            ),
        ],
    },
    {
        "ref": "kohou",
        "org": "demo-o-10",
        "issue": None,
        "status": "declined",
        "days_ago": 40,
        "answered_after_days": 5,
        "reason": "ご提案の内容は区報の配布業務の受託であり、区の業務委託（調達）にあたるため、公民連携の提案としてはお受けできません。入札・見積合わせの情報は区ホームページの契約情報をご確認ください。",
        "title": "区報の全戸配布業務を当社で受託する提案",
        "summary": "区報の配布を、当社の配送網で全戸に行います。",
        "idea": "新聞折込に代えて、当社の配送員が全戸のポストに投函します。",
        "effect": "新聞を購読していない世帯にも区報が届きます。",
        "roles": "当社：配布\n区：配布委託料の支払い",
        "schedule": "次年度4月から",
        "cost": "1部あたり12円の委託料",
        "cost_bearer": "ward",
    },
    {
        "ref": "shinkin",
        "org": "demo-o-13",
        "issue": "elderly-watch",
        "status": "accepted",
        "days_ago": 25,
        "answered_after_days": 3,
        "share": ["demo-o-23"],
        "reason": "窓口と外回りの職員の研修から始めてください。研修の講師はおとしより保健福祉センターが派遣します。",
        "title": "窓口・外回り職員による、高齢のお客さまの見守り協力",
        "summary": "信用金庫の窓口と外回りの職員が、高齢のお客さまの「いつもと違う」に気づいたとき、区の相談窓口につなぎます。",
        "idea": "全職員が認知症サポーター養成講座を受講し、同じ話の繰り返し、急な多額の引き出し、身なりの変化などの気づきを、本人の同意を得て地域包括支援センターに連絡する流れをつくります。",
        "effect": "特殊詐欺の被害や、支援が必要な方の孤立を早く防げます。",
        "roles": "当金庫：職員研修の受講、気づいたときの連絡\n区：講師の派遣、連絡先一覧の提供",
        "schedule": "3か月で全職員の研修、その後運用開始",
        "cost": "研修時間の人件費（当金庫負担）",
        "cost_bearer": "proposer",
    },
    {
        "ref": "homepage",
        "org": "demo-o-16",
        "issue": "chokai-digital",
        "status": "reported",
        "days_ago": 90,
        "answered_after_days": 6,
        "share": ["demo-o-21"],
        "title": "学生による、町会のホームページとSNSの立ち上げ支援",
        "summary": "工科大学の学生が、町会の役員と一緒にホームページとSNSを立ち上げ、運用の手引きを残します。",
        "idea": "ゼミの実習として、学生2〜3名が1つの町会を半年間担当します。役員が自分で更新できる簡単な構成にし、更新の手引きを作ります。",
        "effect": "町会の活動が若い世帯に伝わり、加入や行事への参加が増えることを期待します。",
        "roles": "大学：学生の派遣、指導教員の助言\n町会：掲載内容の提供、役員の参加\n区：協力町会の紹介",
        "schedule": "前期に2町会で実施、後期に振り返りと報告",
        "cost": "サーバー費用 年額1万円程度（大学の地域連携予算）",
        "cost_bearer": "proposer",
        "report": {
            "title": "学生と町会で立ち上げた、町会のホームページ",
            "summary": "東京北部工科大学の学生6人が、徳丸と蓮根の2町会のホームページとSNSを役員と一緒に立ち上げました。",
            "what_done": "学生が町会の役員に聞き取りを行い、行事の案内、防災の情報、入会の方法をまとめたホームページを作りました。役員が自分で更新できるよう、操作の手引きを作り、説明会を2回開きました。",
            "partners": "東京北部工科大学 地域共創ラボ、徳丸六丁目町会、蓮根二丁目町会、板橋区 区民文化部 地域振興課",
            "place": "徳丸",
            "themes": ["neighborhood_association", "community_media", "digital_support"],
            "figures": "参加した学生：6人\n立ち上げたホームページ：2町会\n更新の説明会：2回",
            "lessons": "役員が自分で更新できることを最初の目標にしたことで、学生が離れたあとも更新が続いています。",
        },
    },
]

# Proposals that went all the way: each becomes a published case study.
PUBLISHED = [
    {
        "ref": "truck-drill",
        "org": "demo-o-09",
        "issue": "home-evacuation",
        "agreement": "logistics",
        "days_ago": 300,
        "published_days_ago": 20,
        "share": ["demo-o-22"],
        "public_parts": ["summary", "idea", "roles", "schedule"],
        "title": "配送トラックを使った、災害時の物資輸送訓練",
        "summary": "区の備蓄倉庫から避難所・在宅避難者向けの配布所まで、民間の配送トラックと運転手で物資を運ぶ訓練を行います。",
        "idea": "災害時の物資輸送の協定に基づき、実際の車両と運転手で、備蓄倉庫からの積み込み、配布所への配送、荷下ろしまでを通しで行います。所要時間と課題を記録し、手順書に反映します。",
        "effect": "災害時に物資が届くまでの時間を短くし、手順の問題を事前に見つけられます。",
        "roles": "当社：車両2台と運転手の提供、積み込みの指導\n区：備蓄倉庫の開放、訓練の企画\n町会：配布所での受け取りと住民への配布",
        "schedule": "9月の総合防災訓練に合わせて実施",
        "cost": "燃料費・人件費（当社負担）",
        "cost_bearer": "proposer",
        "report": {
            "title": "配送トラックで備蓄物資を運ぶ、初めての合同訓練",
            "summary": "高島平の備蓄倉庫から3か所の配布所まで、民間トラック2台で物資を運ぶ訓練を行い、積み込みから配布までを75分で終えました。",
            "what_done": "総合防災訓練の日に、株式会社 高島平ロジ・サービスのトラック2台と運転手4名が、区の備蓄倉庫から飲料水と簡易トイレを積み込み、高島平地区の3か所の配布所へ運びました。配布所では自治会の役員が受け取り、在宅避難を想定した住民への配布までを行いました。",
            "partners": "株式会社 高島平ロジ・サービス、板橋区 防災危機管理課、高島平三丁目住宅自治会",
            "place": "高島平",
            "themes": ["disaster_prevention", "disaster_volunteer"],
            "figures": "参加者：62人\n運んだ物資：飲料水 1,200本、簡易トイレ 400個\n積み込みから配布までの時間：75分",
            "lessons": "備蓄倉庫の出入口が狭く、積み込みに想定の倍の時間がかかりました。パレットの置き場所を見直し、次回は台車を増やします。配布所の受け取り担当を事前に決めておくと、受け渡しが早くなりました。",
        },
    },
    {
        "ref": "frailty",
        "org": "demo-o-14",
        "issue": None,
        "agreement": "university",
        "days_ago": 240,
        "published_days_ago": 45,
        "share": ["demo-o-23"],
        "public_parts": ["summary", "idea", "effect", "roles", "schedule", "cost"],
        "title": "大学生と行う、フレイル予防の体力測定会",
        "summary": "理学療法学科の学生が、地域の集会所で高齢者の体力測定と結果の説明を行い、運動教室につなげます。",
        "idea": "握力、歩く速さ、片足立ちなどを学生が測り、その場で結果を一緒に確認します。気になる結果の方には、区の介護予防教室を案内します。",
        "effect": "自分の体力を知ることで、運動を始めるきっかけになります。学生にとっても地域での実習の機会になります。",
        "roles": "大学：学生と指導教員の派遣、測定器具\n区：会場の確保、周知、介護予防教室への案内\n社会福祉協議会：参加者への声かけ",
        "schedule": "年4回、地域センターで開催",
        "cost": "測定器具は大学の備品を使用。区の費用負担なし",
        "cost_bearer": "proposer",
        "report": {
            "title": "大学生と一緒に測る、フレイル予防の体力測定会",
            "summary": "城北医療福祉大学の学生が高島平で体力測定会を4回開き、延べ180人が参加しました。参加者の3割が区の運動教室に申し込みました。",
            "what_done": "理学療法学科の学生延べ40人が、地域センターと集会所で握力・歩行速度・片足立ちなどを測定しました。結果はその場で学生が説明し、必要な方には区の介護予防教室を案内しました。",
            "partners": "城北医療福祉大学 地域連携センター、板橋区 おとしより保健福祉センター、板橋区社会福祉協議会 高島平ささえあい拠点",
            "place": "高島平地域センター",
            "themes": ["care_prevention", "medical", "senior_participation"],
            "figures": "参加者（延べ）：180人\n参加した学生：40人\n運動教室への申込：54人",
            "lessons": "結果を数字だけでなく「同年代と比べて」の言葉で伝えると、参加者の関心が高まりました。測定会のあとの相談の時間を長めにとると良いことがわかりました。",
        },
    },
    {
        "ref": "garbage",
        "org": "demo-org",
        "issue": "elderly-watch",
        "agreement": None,
        "days_ago": 200,
        "published_days_ago": 70,
        "share": ["demo-o-23"],
        "public_parts": ["summary", "idea", "effect", "roles"],
        "title": "ごみ出し支援と見守りを一体で行う、ひとり暮らし高齢者の支援",
        "summary": "ごみを集積所まで出すのが難しい高齢者の自宅を、ボランティアが週2回訪ね、ごみ出しを手伝いながら様子を確かめます。",
        "idea": "ボランティアと利用者を近所で組み合わせ、ごみ出しの日に声をかけます。応答がないときや様子が気になるときは、地域包括支援センターに連絡します。",
        "effect": "ごみ出しの負担が減り、週2回の見守りで異変に早く気づけます。",
        "roles": "当法人：ボランティアの募集と調整、連絡の窓口\n区：利用者の紹介、緊急時の連絡体制\n町会：ボランティアの紹介",
        "schedule": "仲宿地区で半年間試行",
        "cost": "ボランティア保険料（当法人負担）",
        "cost_bearer": "proposer",
        "report": {
            "title": "ごみ出しを手伝いながら見守る、仲宿地区の半年間",
            "summary": "ボランティア18人が、ひとり暮らしの高齢者25人のごみ出しを週2回手伝いました。体調の変化に気づいて支援につながった例が3件ありました。",
            "what_done": "NPO法人 いたばし地域ささえあいネットが近所のボランティアを募り、おとしより保健福祉センターから紹介を受けた高齢者の自宅を、ごみの収集日に訪ねました。ごみを集積所まで運び、体調や困りごとを聞き取りました。",
            "partners": "NPO法人 いたばし地域ささえあいネット、板橋区 おとしより保健福祉センター、仲宿地区の町会",
            "place": "仲宿",
            "themes": ["elderly_watch", "daily_life_support"],
            "figures": "利用者：25人\nボランティア：18人\n支援につながった気づき：3件",
            "lessons": "同じボランティアが続けて訪ねることで、利用者が困りごとを話しやすくなりました。ボランティアが休むときの代わりの人を決めておく必要があります。",
        },
    },
]

AGREEMENTS = {
    "logistics": {
        "title": "災害時における物資輸送等の協力に関する協定",
        "kind": "individual",
        "partner": "demo-o-09",
        "departments": ["demo-o-22"],
        "themes": ["disaster_prevention"],
        "started_days_ago": 700,
        "ends_in_days": 30,
        "renewal_in_days": 40,
        "roles": "株式会社 高島平ロジ・サービス：災害時の車両・運転手の提供、平常時の合同訓練への参加\n板橋区：出動の要請、燃料の優先確保への協力、訓練の企画",
        "schedule": "年1回の合同訓練（総合防災訓練に合わせて）",
        "budget_yen": 0,
        "cost_bearer": "proposer",
        "budget_note": "平常時の訓練は各自の負担。災害時の実費は別途協議。",
    },
    "university": {
        "title": "板橋区と城北医療福祉大学との包括連携に関する協定",
        "kind": "comprehensive",
        "partner": "demo-o-14",
        "departments": ["demo-o-23", "demo-o-21"],
        "themes": ["care_prevention", "welfare", "youth"],
        "started_days_ago": 1000,
        "ends_in_days": None,
        "renewal_in_days": 200,
        "roles": "大学：学生の地域実習、専門職による講座、研究成果の還元\n区：実習の場の紹介、区の計画づくりへの参画の機会",
        "schedule": "毎年度、連携事業の計画を協議",
        "budget_yen": None,
        "cost_bearer": "shared",
        "budget_note": "事業ごとに協議。区の負担がある事業は予算措置を要する。",
    },
}
