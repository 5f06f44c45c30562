"""reportedly: who said what, on whose authority, with which numbers."""

from reportedly.analyze import analyze, analyze_many
from reportedly.model import Analysis, Article, Meta

__all__ = ["Analysis", "Article", "Meta", "__version__", "analyze", "analyze_many"]
__version__ = "0.1.0"
