"""Extractors over a :class:`reportedly.document.Parsed` article: entities, attributions,
figures, diagnostics, each a package or module of its own."""
