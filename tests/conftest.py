from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The shared example and data directory: beside the checkout, or where REPORTEDLY_SHARED says.
SHARED = Path(os.environ.get("REPORTEDLY_SHARED") or ROOT.parent / "shared")
SEED_ARTICLE = SHARED / "examples" / "seed-article.txt"
POLNEAR = SHARED / "data" / "polnear"
#: The example article the README analyses, part of the repository.
EXAMPLE_ARTICLE = ROOT / "examples" / "agency-report.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"the seed article is not at {SEED_ARTICLE} (it is not part of the "
                    "repository; REPORTEDLY_SHARED names its directory)")
    return SEED_ARTICLE.read_text(encoding="utf-8")
