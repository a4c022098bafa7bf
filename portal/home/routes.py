from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for

from portal.db import get_session
from portal.home.sections import SECTIONS
from portal.i18n import negotiated_language
from portal.security import public_page
from portal.translation_review import pending_tibetan_drafts

blueprint = Blueprint("home", __name__, template_folder="templates")


@blueprint.get("/")
def root():
    response = redirect(url_for("home.index", lang=negotiated_language()))
    response.vary.add("Accept-Language")
    return response


@blueprint.get("/<lang>/")
@public_page
def index():
    sections = [
        (section, section.endpoint in current_app.view_functions) for section in SECTIONS
    ]
    return render_template("home/index.html", sections=sections)


@blueprint.get("/<lang>/translation-status")
@public_page
def translation_status():
    return render_template(
        "home/translation_status.html", pending=pending_tibetan_drafts(get_session())
    )
