"""The language layer: URL prefix as the truth, Babel formatting, WTForms messages for bo."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import babel
import flask_babel
import wtforms
from babel.support import NullTranslations, Translations
from flask import Flask, abort, current_app, g, request, url_for
from flask_babel import Babel

HTML_LANG = {"zh": "zh-Hans", "bo": "bo", "en": "en"}
NATIVE_NAMES = {"zh": "中文", "bo": "བོད་ཡིག", "en": "English"}


def enabled_languages() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def negotiated_language() -> str:
    """The best enabled language for this request's Accept-Language header."""
    # Werkzeug matches zh-CN / zh-Hans-CN to zh; Babel's negotiate does not.
    return request.accept_languages.best_match(
        enabled_languages(), default=current_app.config["DEFAULT_LANGUAGE"]
    )


def current_language() -> str:
    if "lang" in g:
        return g.lang
    if request:
        return negotiated_language()
    return current_app.config["DEFAULT_LANGUAGE"]


def _pull_language(endpoint, values) -> None:
    if values and "lang" in values:
        language = values.pop("lang")
        if language not in enabled_languages():
            abort(404)
        g.lang = language


def _push_language(endpoint, values) -> None:
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_language()


def url_in_language(language: str, external: bool = False) -> str:
    """This page in another language, keeping the path and the query string."""
    endpoint = request.endpoint
    if endpoint and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values = {**request.args.to_dict(), **(request.view_args or {})}
        return url_for(endpoint, **values, lang=language, _external=external)
    return url_for("home.index", lang=language, _external=external)


@lru_cache(maxsize=8)
def _currency_pattern(locale_name: str):
    locale = babel.Locale.parse(locale_name)
    return locale, locale.currency_formats["standard"]


def format_money(value: Decimal | int) -> str:
    """Yuan with two decimals in the active locale. The parsed pattern is kept per locale:
    format_currency parses it on every call, which was a third of a 400-row table's render."""
    locale, pattern = _currency_pattern(str(flask_babel.get_locale()))
    return pattern.apply(Decimal(value), locale, currency="CNY")


def format_number(value) -> str:
    return flask_babel.format_decimal(value)


def render_message(message) -> str:
    """A portal.text.Message from Flask-free code, in the page's language."""
    return message.render(flask_babel.gettext)


def format_size(size: int) -> str:
    """A file size in KB or MB with the locale's decimal sign."""
    if size < 1024 * 1024:
        return f"{flask_babel.format_decimal(max(size / 1024, 0.1), format='#,##0.#')} KB"
    return f"{flask_babel.format_decimal(size / 1024 / 1024, format='#,##0.#')} MB"


def format_day(value: date | datetime) -> str:
    # CLDR's medium form for bo mixes Tibetan and Latin digits; the long form does not.
    return flask_babel.format_date(value, "long" if current_language() == "bo" else "medium")


def format_moment(value: datetime) -> str:
    if current_language() == "bo":
        return f"{flask_babel.format_date(value, 'long')} {flask_babel.format_time(value, 'HH:mm')}"
    return flask_babel.format_datetime(value, "medium")


@lru_cache(maxsize=8)
def _wtforms_translations(directory: str, language: str) -> NullTranslations:
    # WTForms ships zh but not bo: our catalog comes first, the bundled one behind it.
    ours = Translations.load(directory, [language], domain="wtforms")
    ours.add_fallback(Translations.load(wtforms.i18n.messages_path(), [language], domain="wtforms"))
    return ours


def wtforms_translations() -> NullTranslations:
    return _wtforms_translations(current_app.config["BABEL_TRANSLATION_DIRECTORIES"], current_language())


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=current_language)
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_push_language)
    app.jinja_env.filters.update(
        money=format_money, number=format_number, day=format_day, moment=format_moment,
        filesize=format_size, message=render_message,
    )

    @app.context_processor
    def _language_context():
        language = current_language()
        return {
            "lang": language,
            "html_lang": HTML_LANG.get(language, language),
            "language_links": [
                {
                    "code": code,
                    "html_lang": HTML_LANG.get(code, code),
                    "name": NATIVE_NAMES.get(code, code),
                    "url": url_in_language(code),
                    "absolute_url": url_in_language(code, external=True),
                    "current": code == language,
                }
                for code in enabled_languages()
            ],
        }


def translations_dir() -> Path:
    return Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
