"""One proposal in a browser, from an administrative issue to a published case study:
a department publishes an issue, a company proposes (a disguised file is refused and the
form kept), outsiders see nothing, the desk shares, talks, accepts and starts the project,
the company chooses what becomes public and reports, and the desk publishes the case."""

from __future__ import annotations

import re
import threading

import pytest

from tests.support.browser import check_compiled_catalogues as _check_compiled_catalogues

pytestmark = pytest.mark.browser

PASSWORD = "desk-journey-2027"
DEPARTMENT = "板橋区 防災危機管理課"
COMPANY = "株式会社 あおば技研"
ISSUE = "在宅避難者に必要な情報を、確実に届けたい"
TITLE = "マンション各戸に届ける「在宅避難カード」"
SUMMARY = "配布所と窓口を一覧にしたカードを全戸に配ります。"
IDEA = "地区ごとにA4判のカードを印刷し、QRコードで最新情報に案内します。"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def site(tmp_path):
    """A live app with a ward, a department, a company and the desk."""
    from werkzeug.serving import make_server

    from matchhub import create_app
    from matchhub.extensions import db
    from matchhub.models import Organization, User
    from matchhub.models.types import utcnow
    from matchhub.security import hash_password
    from tests.support import factories

    _check_compiled_catalogues()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'desk.sqlite'}",
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
            "RATELIMIT_ENABLED": False,
            "DESK_UPLOAD_FOLDER": str(tmp_path / "uploads"),
            # The second factor has its own browser test; here the desk's work is the subject.
            "STAFF_SECOND_FACTOR": False,
        }
    )
    with app.app_context():
        db.create_all()
        factories.seed_ward()
        department = Organization(
            key="bousai", name=DEPARTMENT, kind="municipal_department", verified_at=utcnow()
        )
        company = Organization(key="aoba", name=COMPANY, kind="company", verified_at=utcnow())
        db.session.add_all([department, company])
        db.session.commit()
        factories.member("bousai@example.jp", department, "防災 四郎")
        factories.member("aoba@example.jp", company, "青葉 一郎")
        db.session.add(
            User(
                email="desk@example.jp",
                display_name="協働 さくら",
                is_coordinator=True,
                password_hash=hash_password(PASSWORD),
            )
        )
        for user in db.session.scalars(db.select(User)):
            user.password_hash = hash_password(PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()


def _log_out(page) -> None:
    page.get_by_role("button", name="ログアウト").click()


def test_a_proposal_goes_from_an_issue_to_a_published_case(page, site, tmp_path):
    from playwright.sync_api import expect

    # A department publishes an administrative issue.
    _log_in(page, site, "bousai@example.jp")
    page.goto(site + "/desk")
    page.get_by_role("link", name="行政課題を公開する").click()
    page.get_by_label("タイトル").fill(ISSUE)
    page.get_by_label("背景").fill("在宅避難の方に、配布所の情報が届きにくい。")
    page.get_by_label("提案に期待すること").fill("紙とデジタルの両方で届く仕組み。")
    page.get_by_label("状態").select_option(label="提案を募集中")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ISSUE)
    _log_out(page)

    # A company finds it and proposes; a web page disguised as a PDF is refused.
    _log_in(page, site, "aoba@example.jp")
    page.goto(site + "/desk")
    page.get_by_role("link", name=ISSUE).click()
    page.get_by_role("link", name="この課題への提案を書く").click()
    page.get_by_label("提案のタイトル").fill(TITLE)
    page.get_by_label("概要").fill(SUMMARY)
    page.get_by_label("提案の内容").fill(IDEA)
    page.get_by_label("区民への期待される効果").fill("スマートフォンを使わない方にも届きます。")
    page.get_by_label("役割分担").fill("当社：印刷\n区：情報の提供")
    page.get_by_label("スケジュール").fill("次の防災訓練で試行")
    page.get_by_label("費用").fill("印刷費 約18万円")
    disguised = tmp_path / "企画書.pdf"
    disguised.write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_label("添付ファイル").set_input_files(str(disguised))
    page.get_by_role("button", name="提案を送る").click()
    expect(page.get_by_role("alert")).to_contain_text("PDFでも画像でもありません")
    expect(page.get_by_label("提案のタイトル")).to_have_value(TITLE)
    expect(page.get_by_label("提案の内容")).to_have_value(IDEA)
    real = tmp_path / "real" / "企画書.pdf"
    real.parent.mkdir()
    real.write_bytes(PDF)
    page.get_by_label("添付ファイル").set_input_files(str(real))
    page.get_by_role("button", name="提案を送る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text("非公開の提案です。")
    expect(page.get_by_role("link", name="企画書.pdf")).to_be_visible()
    proposal_url = page.url
    assert re.search(r"/desk/proposals/[A-Za-z0-9_-]{22,}$", proposal_url)
    _log_out(page)

    # Nobody else learns that it exists.
    assert page.goto(proposal_url).status == 404
    expect(page.get_by_role("main")).not_to_contain_text(IDEA)

    # The desk shares it with the department, answers, accepts and starts the project.
    _log_in(page, site, "desk@example.jp")
    page.goto(site + "/desk/workspace")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("部署", exact=True).select_option(label=DEPARTMENT)
    page.get_by_role("button", name="この部署と共有する").click()
    page.get_by_role("textbox", name="メッセージ").fill(
        "ご提案ありがとうございます。訓練で試しましょう。"
    )
    page.get_by_role("button", name="メッセージを送る").click()
    page.get_by_role("button", name="提案を採用する").click()
    page.get_by_role("button", name="事業を開始する").click()
    expect(page.get_by_role("main")).to_contain_text("事業実施中")
    _log_out(page)

    # The company reads the answer, chooses what becomes public, and reports.
    _log_in(page, site, "aoba@example.jp")
    page.goto(proposal_url)
    expect(page.get_by_role("main")).to_contain_text("訓練で試しましょう。")
    page.get_by_role("checkbox", name="概要").check()
    page.get_by_role("button", name="選択を保存する").click()
    page.get_by_role("button", name="報告を書く").click()
    page.get_by_label("実施した内容").fill(
        "防災訓練の日に、高島平の3,000世帯へカードを配りました。"
    )
    page.get_by_label("一緒に取り組んだ相手").fill(f"{COMPANY}、{DEPARTMENT}")
    page.get_by_role("textbox", name="場所").fill("高島平")
    page.get_by_label("数字で見る成果").fill("配ったカード：3,000枚")
    page.get_by_role("button", name="報告書を保存する").click()
    page.get_by_role("button", name="報告書をデスクに提出する").click()
    _log_out(page)

    # The desk publishes the case study.
    _log_in(page, site, "desk@example.jp")
    page.goto(site + "/desk/workspace")
    page.get_by_role("region", name="公開を待っている報告書").get_by_role(
        "link", name=TITLE
    ).click()
    page.get_by_role("button", name="事例を公開する").click()
    expect(page).to_have_url(re.compile(r"/cases/[A-Za-z0-9_-]{22,}$"))
    _log_out(page)

    # Anyone finds the case; of the proposal, only the summary is public.
    page.goto(site + "/cases")
    page.get_by_role("link", name=TITLE).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("配ったカード")
    expect(main).to_contain_text("3,000枚")
    expect(main.get_by_role("link", name=COMPANY)).to_be_visible()
    main.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("main")).to_contain_text(SUMMARY)
    expect(page.get_by_role("main")).not_to_contain_text(IDEA)
