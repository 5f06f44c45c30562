"""Scoring extractions against annotated sets."""
