"""Diagnostics of machine-translation and punctuation damage, found on the parse."""

from __future__ import annotations

from reportedly.extract import Parsed
from reportedly.model import Diagnostic


def extract_diagnostics(parsed: Parsed) -> list[Diagnostic]:
    return []
