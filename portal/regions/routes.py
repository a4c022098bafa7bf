from __future__ import annotations

from flask import Blueprint, render_template

from portal.db import get_session
from portal.regions.services import provinces
from portal.security import public_page

blueprint = Blueprint("regions", __name__, template_folder="templates")


@blueprint.get("/<lang>/regions")
@public_page
def index():
    return render_template("regions/index.html", provinces=provinces(get_session()))
