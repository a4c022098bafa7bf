"""Typical cases over HTTP: public pages without JS, the Atom feed parsed back, statistics and
inspection results, open data, and editors' pages with the four-eyes rule and warnings."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import select

from portal.cases.editorial import EditorialAction
from portal.cases.inspections import import_inspection_files
from portal.cases.models import TypicalCase
from portal.cases.services import load_sample_cases, take_step
from portal.cases.synthetic import synthetic_cases
from portal.staff.models import Role
from tests.cases_helpers import NOW, content, editor, published_case
from tests.reports_helpers import token_from
from tests.test_staff_auth import _signed_in_officer

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _text(response) -> str:
    return response.get_data(as_text=True)


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def demo(db_session):
    """The demo's sample cases and inspection rounds."""
    load_sample_cases(db_session, synthetic_cases())
    import_inspection_files(db_session, PROJECT_ROOT / "disclosures" / "inspections")
    db_session.commit()


@pytest.fixture
def one_case(db_session):
    author, reviewer = editor(db_session, "ed.a"), editor(db_session, "ed.b")
    return published_case(db_session, author, reviewer), author, reviewer


@pytest.mark.parametrize("lang", ["zh", "bo", "en"])
def test_case_list_and_pages_work_without_scripts_and_label_sample_data(client, demo, lang):
    listing = client.get(f"/{lang}/cases")
    html = _text(listing)
    assert listing.status_code == 200 and "<script" not in html
    assert "sample-tag" in html and 'class="sample-data"' in html
    assert listing.headers["Cache-Control"].startswith("public") and "Set-Cookie" not in listing.headers
    first = re.search(rf'href="/{lang}/cases/(\d+)"', html).group(1)
    page = client.get(f"/{lang}/cases/{first}")
    assert page.status_code == 200 and "<script" not in _text(page) and "sample-tag" in _text(page)
    assert f"https://localhost/{lang}/cases/{first}" in _text(page)  # the citation's permanent address


def test_a_case_without_tibetan_text_shows_chinese_with_a_notice(client, demo, db_session):
    untranslated = next(sample for sample in synthetic_cases() if not sample.content.title_bo)
    case_id = db_session.scalars(select(TypicalCase.id).join(TypicalCase.revisions).where(
        TypicalCase.published_on == untranslated.published_on)).first()
    html = _text(client.get(f"/bo/cases/{case_id}"))
    assert f'<span lang="zh-Hans">{untranslated.content.title_zh}</span>' in html
    assert "untranslated" in html


def test_filters_and_search_on_the_list_page(client, one_case, db_session):
    assert "盐池县某医院" in _text(client.get("/zh/cases?q=虚构&region=640300&category=fictitious_services"))
    assert "盐池县某医院" not in _text(client.get("/zh/cases?q=虚构&region=540000"))
    assert "ཡན་ཁྲི་རྫོང་གི་སྨན་ཁང་ཞིག" in _text(client.get("/bo/cases?q=སྨན་བཅོས་ཞབས་ཞུ"))
    assert "ཡན་ཁྲི་རྫོང་གི་སྨན་ཁང་ཞིག" not in _text(client.get("/bo/cases?q=སྨན་བཅོས་ཞབས་ཞུ་མེད"))
    assert "盐池县某医院" not in _text(client.get("/zh/cases?amount_max=99999.99"))
    bad = client.get("/zh/cases?amount_min=十万")
    assert bad.status_code == 400 and "金额以元为单位" in _text(bad)  # translated, and the list still shows
    assert "盐池县某医院" in _text(bad)


def test_case_page_shows_corrections_and_a_withdrawn_case_says_so(client, db_session, one_case):
    case, author, reviewer = one_case
    take_step(db_session, case, author, EditorialAction.OPEN_CORRECTION, NOW, note="更正了违规时间。")
    take_step(db_session, case, author, EditorialAction.SUBMIT, NOW)
    db_session.commit()
    assert "更正了违规时间" not in _text(client.get(f"/zh/cases/{case.id}"))
    take_step(db_session, case, reviewer, EditorialAction.APPROVE, NOW + timedelta(days=3))
    db_session.commit()
    page = _visible(_text(client.get(f"/en/cases/{case.id}")))
    assert "Corrected on" in page and "更正了违规时间。" in page and "Last corrected" in page

    take_step(db_session, case, reviewer, EditorialAction.REQUEST_WITHDRAWAL, NOW, reason="决定已撤销。")
    take_step(db_session, case, author, EditorialAction.APPROVE_WITHDRAWAL, NOW + timedelta(days=5))
    db_session.commit()
    withdrawn = client.get(f"/en/cases/{case.id}")
    assert withdrawn.status_code == 200
    assert "This case was withdrawn" in _text(withdrawn) and "决定已撤销。" in _text(withdrawn)
    assert "Facts and handling" not in _text(withdrawn)
    assert f"/en/cases/{case.id}" not in _text(client.get("/en/cases"))


def test_unpublished_cases_have_no_public_address(client, db_session):
    from portal.cases.services import create_case

    draft = create_case(db_session, editor(db_session, "ed.a"), content(), NOW)
    db_session.commit()
    assert client.get(f"/en/cases/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/cases/{draft.id}").status_code == 404


def test_atom_feed_parses_back_with_every_case_and_per_filter(client, demo):
    response = client.get("/zh/cases/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(synthetic_cases())  # withdrawn ones stay in the feed, marked
    assert feed.feed.title == "典型案例"
    assert any(link.rel == "self" for link in feed.feed.links)
    withdrawn = [entry for entry in feed.entries if "撤回" in entry.title]
    corrected = [entry for entry in feed.entries if "更正" in entry.title]
    assert len(withdrawn) == 1 and len(corrected) == 2
    assert all(entry.title.startswith("[示例数据]") for entry in feed.entries)
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    for entry in feed.entries:
        assert entry.id.startswith("https://localhost/zh/cases/") and entry.link == entry.id

    pharmacies = feedparser.parse(client.get("/en/cases/feed.atom?institution_type=pharmacy&region=540000").data)
    assert not pharmacies.bozo and pharmacies.entries
    expected = [sample for sample in synthetic_cases() if sample.content.institution_type
                and sample.content.institution_type.value == "pharmacy" and sample.content.region_code.startswith("54")]
    assert len(pharmacies.entries) == len(expected)
    assert "institution_type=pharmacy" in pharmacies.feed.id


def test_statistics_and_inspection_results(client, demo):
    response = client.get("/zh/cases/statistics")
    html = _text(response)
    assert response.status_code == 200
    assert 'id="cases-by-year"' in html and 'class="chart-figure"' in html and 'id="inspection-rounds"' in html
    zhongning = re.search(r"<tr>\s*<th scope=\"row\">.*?中宁县.*?</tr>", html, re.S).group(0)
    assert "266" in zhongning and "675,500.00" in zhongning and "宁夏回族自治区医疗保障局简报（2021年3月）" in zhongning
    assert "sample-tag" in html  # the synthetic rounds and cases are labelled
    only_tibet = _text(client.get("/zh/cases/statistics?region=540000"))
    regions = re.search(r'id="cases-by-region".*?</table>', only_tibet, re.S).group(0)
    assert "宁夏" not in regions and "拉萨市" in regions


def test_open_data_for_cases_and_inspections(client, demo, db_session):
    page = client.get("/api/v1/cases?limit=7").get_json()
    assert len(page["data"]) == 7 and page["sample_data_included"] is True
    seen = [record["id"] for record in page["data"]]
    while page["links"]["next"]:
        page = client.get(page["links"]["next"].replace("https://localhost", "")).get_json()
        seen += [record["id"] for record in page["data"]]
    assert len(seen) == len(set(seen)) == len(synthetic_cases()) - 1  # the withdrawn case is not listed
    record = client.get(f"/api/v1/cases/{seen[0]}").get_json()["data"]
    assert set(record["title"]) == {"zh", "bo", "en"} and record["sample_data"] is True

    download = client.get("/api/v1/cases.csv?category=bribery")
    assert download.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert rows and all("bribery" in row["categories"].split("|") for row in rows)
    assert len(rows) == len(client.get("/api/v1/cases?category=bribery&limit=1000").get_json()["data"])
    bad = client.get("/api/v1/cases?outcome=jail")
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "outcome"

    rounds = client.get("/api/v1/inspections?region=640521").get_json()
    assert rounds["data"][0]["recovered_amount"] == "675500.00" and rounds["sample_data_included"] is False
    schema = client.get("/api/v1/schemas/inspections.json").get_json()
    assert "institutions_checked" in {field["name"] for field in schema["fields"]}


def _form_data(html: str, **values) -> dict:
    data = {"csrf_token": token_from(html), "region_code": "640323", "clue_source": "report",
            "institution_type": "hospital", "legal_basis": "art40", "handling": "both", "execution_status": "complete",
            "title_zh": "盐池县示例医院虚构诊疗项目案", "title_bo": "ཡན་ཁྲི་རྫོང་གི་དཔེ་མཚོན་ཉེས་དོན",
            "summary_zh": "该院虚构诊疗项目骗取医保基金。", "institution_name_zh": "盐池县示例医院",
            "categories": ["fictitious_services"], "amount_involved": "10000.00", "fine_amount": "20000.00",
            "returned_amount": "10000.00", "suspension_months": "6"}
    data.update(values)
    return data


def test_editors_write_and_a_second_editor_publishes_over_http(app, db_session, client):
    writer = _signed_in_officer(app, db_session, "writer", "640300", roles={Role.EDITOR})
    reviewer = _signed_in_officer(app, db_session, "reviewer", "640000", roles={Role.EDITOR})
    outsider = _signed_in_officer(app, db_session, "outsider", "540000", roles={Role.EDITOR})
    officer = _signed_in_officer(app, db_session, "officer", "640000", roles={Role.CASE_OFFICER})
    assert officer.get("/staff/en/cases").status_code == 403

    form = _text(writer.get("/staff/en/cases/new"))
    refused = writer.post("/staff/en/cases/new", data=_form_data(form, title_zh="", categories=[]))
    assert refused.status_code == 400 and "Give the case a title in Chinese." in _text(refused)
    assert db_session.scalar(select(TypicalCase.id)) is None

    created = writer.post("/staff/en/cases/new", data=_form_data(
        form, summary_zh="该院医生张三冒用参保人信息，虚构诊疗项目骗取医保基金。", fine_amount="90000.00"))
    assert created.status_code == 302
    case_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    editing = _text(writer.get(f"/staff/en/cases/{case_id}"))
    assert "<mark>张三</mark>" in editing  # a full name in the published text is flagged
    assert "Article 40 sets a fine of 2 to 5 times" in editing  # 9x the amount involved

    saved = writer.post(f"/staff/en/cases/{case_id}", data=_form_data(editing, summary_zh="该院医生张某冒用参保人信息骗保。"))
    assert saved.status_code == 302
    editing = _text(writer.get(f"/staff/en/cases/{case_id}"))
    assert "<mark>" not in editing and "Article 40 sets" not in editing  # fine now twice the amount

    step = f"/staff/en/cases/{case_id}/step"
    writer.post(step, data={"csrf_token": token_from(editing), "action": "submit"})
    own = writer.post(step, data={"csrf_token": token_from(editing), "action": "approve"})
    assert own.status_code == 409 and "A second editor must approve this version" in _text(own)
    assert client.get(f"/en/cases/{case_id}").status_code == 404

    assert outsider.get(f"/staff/en/cases/{case_id}").status_code == 404
    review = _text(reviewer.get(f"/staff/en/cases/{case_id}"))
    assert "该院医生张某冒用参保人信息骗保。" in review and "Version waiting for review" in review
    returned = reviewer.post(step, data={"csrf_token": token_from(review), "action": "return"})
    assert returned.status_code == 409 and "Say what needs to change" in _text(returned)
    assert reviewer.post(step, data={"csrf_token": token_from(review), "action": "approve"}).status_code == 302
    public = client.get(f"/zh/cases/{case_id}")
    assert public.status_code == 200 and "盐池县示例医院虚构诊疗项目案" in _text(public)
    assert "writer" not in _text(public) and "reviewer" not in _text(public)


def test_staff_case_forms_need_csrf(app, db_session):
    writer = _signed_in_officer(app, db_session, "writer", "640300", roles={Role.EDITOR})
    data = _form_data(_text(writer.get("/staff/en/cases/new")))
    data.pop("csrf_token")
    assert writer.post("/staff/en/cases/new", data=data).status_code == 400
    assert db_session.scalar(select(TypicalCase.id)) is None


def test_openapi_documents_the_case_endpoints(client):
    document = json.loads(_text(client.get("/api/v1/openapi.json")))
    assert {"/api/v1/cases", "/api/v1/cases.csv", "/api/v1/cases/{case_id}", "/api/v1/inspections"} <= set(
        document["paths"])
