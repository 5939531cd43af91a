"""newsweave's web UI and REST API over the corpus: ``newsweave serve``, or ``create_app`` under any ASGI server."""

from newsweave.web.app import create_app
from newsweave.web.config import WebSettings

__all__ = ["WebSettings", "create_app"]
