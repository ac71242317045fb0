"""The web face: a FastAPI app serving the JSON API and the dashboard from one store.

``eventwire serve`` (eventwire/cli_serve.py) runs it; ``create_app(db_path)`` builds it.
Thin: routes, templates and static assets; the store answers the queries and the
pipeline codes the articles.
"""

from eventwire.serve.app import create_app

__all__ = ["create_app"]
