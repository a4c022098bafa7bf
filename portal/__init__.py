"""The public portal of a medical-insurance fund supervision bureau."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from flask import Flask, url_for

from portal import db, i18n, security
from portal.charts import plotly_locale
from portal.config import DEFAULTS, PROJECT_ROOT, settings_from_environment


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` overrides environment settings (tests pass theirs here)."""
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None) or os.environ.get(
        "PORTAL_INSTANCE_PATH", str(PROJECT_ROOT / "instance")
    )
    # The instance folder holds the SQLite file and generated secrets: owner only.
    Path(instance_path).mkdir(parents=True, exist_ok=True, mode=0o700)
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()),
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder="templates",
    )
    app.config.update(DEFAULTS)
    environment = settings_from_environment(Path(app.instance_path))
    app.config.update({key: value for key, value in environment.items() if key not in config})
    app.config.update(config)

    db.init_app(app)
    i18n.init_app(app)
    limiter = security.init_app(app)
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["plotly_locale"] = plotly_locale
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    from portal import errors, health
    from portal.api.routes import blueprint as api_blueprint
    from portal.cases.routes import blueprint as cases_blueprint
    from portal.cases.staff_routes import blueprint as cases_staff_blueprint
    from portal.institutions.staff_routes import blueprint as institutions_staff_blueprint
    from portal.hotline.routes import blueprint as hotline_blueprint
    from portal.supervisors.routes import blueprint as supervisors_blueprint
    from portal.rewards.routes import blueprint as rewards_blueprint
    from portal.funds.routes import blueprint as funds_blueprint
    from portal.funds.staff_routes import blueprint as funds_staff_blueprint
    from portal.home.routes import blueprint as home_blueprint
    from portal.institutions.routes import blueprint as institutions_blueprint
    from portal.regions.routes import blueprint as regions_blueprint
    from portal.reports.routes import blueprint as reports_blueprint
    from portal.staff.routes import blueprint as staff_blueprint

    app.register_blueprint(home_blueprint)
    app.register_blueprint(regions_blueprint)
    app.register_blueprint(funds_blueprint)
    app.register_blueprint(api_blueprint)
    app.register_blueprint(funds_staff_blueprint)
    app.register_blueprint(institutions_blueprint)
    app.register_blueprint(cases_blueprint)
    app.register_blueprint(cases_staff_blueprint)
    app.register_blueprint(institutions_staff_blueprint)
    app.register_blueprint(hotline_blueprint)
    app.register_blueprint(supervisors_blueprint)
    app.register_blueprint(rewards_blueprint)
    app.register_blueprint(reports_blueprint)
    app.register_blueprint(staff_blueprint)
    app.register_blueprint(health.blueprint)
    errors.init_app(app)

    from portal import cli

    cli.init_app(app)
    security.apply_route_limits(app, limiter)
    return app


@lru_cache(maxsize=256)
def _static_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """URL of a static file with a content hash, so it can be cached for a year."""
    from flask import current_app

    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_static_digest(str(path)))
