"""/healthz for load balancers and the container health check."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from portal import migrate
from portal.db import get_database
from portal.security import not_rate_limited

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@not_rate_limited
def healthz():
    engine = get_database().engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return jsonify(database="unreachable", migrations="unknown"), 503
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current != head:
        return jsonify(database="ok", migrations="behind", current=current, head=head), 503
    return jsonify(database="ok", migrations="current", revision=current), 200
