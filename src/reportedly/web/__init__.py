"""``reportedly serve``: a local web app showing the evidence over one article and a corpus."""

from reportedly.web.app import create_app

__all__ = ["create_app"]
