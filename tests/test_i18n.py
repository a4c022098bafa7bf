"""The language layer: URL prefixes, negotiation, switcher, formatting, WTForms and CSRF pages."""
import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from flask import Blueprint, render_template_string
from flask_babel import ngettext
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal import i18n
from portal.forms import PortalForm


@pytest.mark.parametrize(
    "header, expected",
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh/"),
        ("zh-Hans-CN", "/zh/"),
        ("bo-CN,bo;q=0.9", "/bo/"),
        ("en-US,en;q=0.9", "/en/"),
        ("fr-FR", "/zh/"),
        ("", "/zh/"),
    ],
)
def test_root_redirects_by_accept_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("lang, html_lang, title", [
    ("zh", "zh-Hans", "医保基金监管公开平台"),
    ("bo", "bo", "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལྟ་རྟོག་དོ་དམ་དྲ་ཚིགས"),
    ("en", "en", "Medical Insurance Fund Supervision Portal"),
])
def test_home_page_in_each_language(client, lang, html_lang, title):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{html_lang}"' in page
    assert f"<h1>{title}</h1>" in page
    for alternate, code in (("zh-Hans", "zh"), ("bo", "bo"), ("en", "en")):
        assert f'<link rel="alternate" hreflang="{alternate}" href="https://localhost/{code}/">' in page
    assert 'hreflang="x-default" href="https://localhost/"' in page


def test_unknown_language_prefix_is_404(client):
    assert client.get("/fr/").status_code == 404
    assert client.get("/fr/regions").status_code == 404


def test_switcher_keeps_the_page_and_query(client):
    page = client.get("/en/regions?view=all").get_data(as_text=True)
    assert 'href="/bo/regions?view=all" lang="bo"' in page
    assert 'href="/zh/regions?view=all" lang="zh-Hans"' in page
    assert re.search(r'href="/en/regions\?view=all"[^>]*aria-current="page"', page)


def test_tibetan_pages_flag_draft_translations(client):
    assert "awaiting review by native speakers" not in client.get("/en/").get_data(as_text=True)
    bo = client.get("/bo/").get_data(as_text=True)
    assert "ཞིབ་བཤེར་བྱེད་པར་སྒུག་བཞིན་ཡོད" in bo and 'href="/bo/translation-status"' in bo


def test_translation_status_lists_pending_tibetan(client):
    page = client.get("/en/translation-status").get_data(as_text=True)
    assert "Tibetan drafts awaiting native review" in page
    assert "གསལ་སྙན" in page  # glossary draft for 举报
    assert "རྩ་མདའ་རྫོང" in page  # region name draft
    assert "ཡིག་སྒམ་འདི་ངེས་པར་དུ་འབྲི་དགོས།" in page  # WTForms message draft


def _format(app, lang, function, *args):
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        return function(*args)


def test_money_in_each_locale(app):
    amount = Decimal("1234567.5")
    assert _format(app, "zh", i18n.format_money, amount) == "¥1,234,567.50"
    assert _format(app, "bo", i18n.format_money, amount) == "¥\xa01,234,567.50"
    assert _format(app, "en", i18n.format_money, amount) == "CN¥1,234,567.50"


def test_numbers_in_each_locale(app):
    for lang in ("zh", "bo", "en"):
        assert _format(app, lang, i18n.format_number, 84600000) == "84,600,000"


def test_dates_in_each_locale_and_bo_uses_one_digit_system(app):
    day = date(2026, 3, 14)
    assert _format(app, "zh", i18n.format_day, day) == "2026年3月14日"
    assert _format(app, "en", i18n.format_day, day) == "Mar 14, 2026"
    tibetan = _format(app, "bo", i18n.format_day, day)
    assert "2026" in tibetan and "14" in tibetan
    assert not re.search("[\u0f20-\u0f29]", tibetan), "bo date mixes Tibetan and Latin digits"
    # Stored times are UTC; readers see Beijing time.
    moment = _format(app, "bo", i18n.format_moment, datetime(2026, 3, 14, 1, 5, tzinfo=timezone.utc))
    assert moment.endswith("09:05") and not re.search("[\u0f20-\u0f29]", moment)


@pytest.mark.parametrize("lang, one, many", [
    ("zh", "有 1 条藏文译文等待审校。", "有 5 条藏文译文等待审校。"),
    ("bo", "བོད་ཡིག་གི་ཡིག་ཆ་ 1 ཞིབ་བཤེར་ལ་སྒུག་བཞིན་ཡོད།", "བོད་ཡིག་གི་ཡིག་ཆ་ 5 ཞིབ་བཤེར་ལ་སྒུག་བཞིན་ཡོད།"),
    ("en", "1 Tibetan text awaits review.", "5 Tibetan texts await review."),
])
def test_plurals_are_translated(app, lang, one, many):
    def plural(count):
        return ngettext("%(count)s Tibetan text awaits review.", "%(count)s Tibetan texts await review.", count, count=count)

    assert _format(app, lang, plural, 1) == one
    assert _format(app, lang, plural, 5) == many


class ReportLikeForm(PortalForm):
    name = StringField("name", validators=[DataRequired(), Length(max=3)])


@pytest.fixture
def form_app(app):
    """A form posted through the real CSRF and WTForms setup."""
    blueprint = Blueprint("formcheck", __name__)

    @blueprint.route("/<lang>/form-check", methods=["GET", "POST"])
    def form_check():
        form = ReportLikeForm()
        if form.validate_on_submit():
            return "accepted"
        return render_template_string(
            "{{ form.csrf_token }}{% for e in form.name.errors %}<p class=error>{{ e }}</p>{% endfor %}",
            form=form,
        )

    app.register_blueprint(blueprint)
    return app


def _token(client, lang):
    page = client.get(f"/{lang}/form-check").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("lang, required, too_long", [
    ("bo", "ཡིག་སྒམ་འདི་ངེས་པར་དུ་འབྲི་དགོས།", "ཡིག་སྒམ་འདི་ཡིག་འབྲུ་ 3 ལས་རིང་མི་ཆོག"),
    ("zh", "该字段是必填字段。", "字段长度不能超过 3 个字符。"),
    ("en", "This field is required.", "Field cannot be longer than 3 characters."),
])
def test_wtforms_messages_in_the_page_language(form_app, lang, required, too_long):
    client = form_app.test_client()
    token = _token(client, lang)
    headers = {"Referer": f"https://localhost/{lang}/form-check"}
    empty = client.post(f"/{lang}/form-check", data={"csrf_token": token, "name": ""}, headers=headers)
    assert required in empty.get_data(as_text=True)
    long = client.post(f"/{lang}/form-check", data={"csrf_token": token, "name": "abcd"}, headers=headers)
    assert too_long in long.get_data(as_text=True)
    ok = client.post(f"/{lang}/form-check", data={"csrf_token": token, "name": "abc"}, headers=headers)
    assert ok.get_data(as_text=True) == "accepted"


@pytest.mark.parametrize("lang, title", [
    ("bo", "རེའུ་མིག་གི་དུས་ཚོད་ཡོལ་སོང"),
    ("zh", "表单已过期"),
    ("en", "Your form has expired"),
])
def test_missing_csrf_token_gets_translated_page(form_app, lang, title):
    response = form_app.test_client().post(f"/{lang}/form-check", data={"name": "abc"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page
    assert "accepted" not in page


def test_expired_csrf_token_is_refused(form_app):
    client = form_app.test_client()
    token = _token(client, "en")
    form_app.config["WTF_CSRF_TIME_LIMIT"] = -1
    response = client.post("/en/form-check", data={"csrf_token": token, "name": "abc"},
                           headers={"Referer": "https://localhost/en/form-check"})
    assert response.status_code == 400
    assert "Your form has expired" in response.get_data(as_text=True)


def test_cross_origin_referer_is_refused_over_https(form_app):
    client = form_app.test_client()
    token = _token(client, "en")
    response = client.post("/en/form-check", data={"csrf_token": token, "name": "abc"},
                           headers={"Referer": "https://evil.example/en/form-check"})
    assert response.status_code == 400


def test_csrf_token_lifetime_suits_a_slow_reporter(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] >= 3 * 3600
