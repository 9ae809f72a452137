"""The service's routes, one router per concern; :func:`pipeline.service.app.create_app`
includes them all.

- :mod:`.page`: the editor page (``/``) and its static files;
- :mod:`.status`: ``/healthz`` and ``/v1/model``;
- :mod:`.analyze`: ``/v1/analyze`` and ``/v1/analyze/batch``;
- :mod:`.feedback`: ``/v1/feedback`` (behind the token, when there is one).
"""

from pipeline.service.routes import analyze, feedback, page, status

ROUTERS = (page.router, status.router, analyze.router, feedback.router)

__all__ = ["ROUTERS"]
