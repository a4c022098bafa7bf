"""Translated error pages. Nothing about the request (address, agent, form data) is logged."""
from __future__ import annotations

from flask import Flask, render_template, request


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def _not_found(error):
        if request.path.startswith("/api/"):
            return {"error": {"message": "Nothing at this address."}}, 404
        return render_template("errors/not_found.html"), 404

    @app.errorhandler(405)
    def _not_allowed(error):
        return render_template("errors/not_found.html"), 405

    @app.errorhandler(413)
    def _too_large(error):
        return render_template("errors/too_large.html"), 413

    @app.errorhandler(500)
    def _server_error(error):
        return render_template("errors/server_error.html"), 500
