"""The demo plans against the seed documents: a second, independent reading of the seeds.

Expected values in these tests are typed from /work/shared/seeds/*.txt, not copied from
sasaeai/demo/plans/*.yaml. Helpers here: the demo exported as plan-file objects, the seed
texts, and the normalisations a comparison with PDF text needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

SEEDS_DIR = Path(__file__).parents[3] / "shared" / "seeds"

Obj = dict[str, Any]


def export_demo(django_db_blocker: Any, slug: str) -> Obj:
    """Load the demo into the test database, export one plan, and roll the database back.

    Module-scoped fixtures use this so that a table of a hundred rows loads the demo once
    (the `demo` fixture of tests/conftest.py is function-scoped: one second per row).
    """
    from sasaeai.demo.services import load_demo
    from sasaeai.planfiles.exporter import export_plan
    from sasaeai.plans.models import Plan

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        load_demo()
        data = export_plan(Plan.objects.get(slug=slug))
        transaction.set_rollback(True)
    return data


# -- the tree ----------------------------------------------------------------------------------


def walk(nodes: list[Obj]) -> Iterator[Obj]:
    """Yield the nodes depth-first, in printed order."""
    for node in nodes:
        yield node
        yield from walk(node["children"])


def nodes_by_key(plan: Obj) -> dict[str, Obj]:
    """Return the plan's nodes (not its sub-plans') by key."""
    return {n["key"]: n for n in walk(plan["nodes"])}


def sub_plan(plan: Obj, title: str) -> Obj:
    """Return the sub-plan with this title (fails the test when there is none)."""
    found = [s for s in plan["sub_plans"] if s["title"] == title]
    assert len(found) == 1, f"sub-plan {title!r}: {[s['title'] for s in plan['sub_plans']]}"
    return found[0]


# -- seed texts --------------------------------------------------------------------------------


def seed_text(number: str) -> str:
    """Return the text of seed `number` ("000" … "004"); skip the test when it is not here."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not here: {SEEDS_DIR} does not exist")
    found = sorted(SEEDS_DIR.glob(f"{number}_*.txt"))
    if not found:
        pytest.skip(f"seed {number} is not in {SEEDS_DIR}")
    return found[0].read_text(encoding="utf-8")


# Seed 004's PDF text uses radical code points where the page prints the ordinary ideograph.
# NFKC maps the Kangxi radicals (U+2F00–U+2FDF) to ideographs, but ⼾ (U+2F3E) to 戶 (U+6236)
# where the page prints 戸 (U+6238); the CJK radicals supplement (⺠ ⻑) NFKC leaves alone.
_RADICALS = {"⺠": "民", "⻑": "長", "⼾": "戸"}


def printed(text: str) -> str:
    """Return the text with radical code points replaced by the ideographs the page shows."""
    return "".join(
        _RADICALS.get(ch)
        or (unicodedata.normalize("NFKC", ch) if 0x2F00 <= ord(ch) <= 0x2FDF else ch)
        for ch in text
    )


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Return the text without any whitespace (line breaks and spaces of a PDF are noise)."""
    return _SPACE.sub("", text)


def missing_from(seed: str, text: str | None) -> list[str]:
    """Return the lines of `text` that are not in the seed, whitespace ignored on both sides."""
    haystack = squash(printed(seed))
    return [line for line in (text or "").split("\n") if squash(line) not in haystack]


_HALF = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－‐−",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ---",
)


def halfwidth(text: str | None) -> str:
    """Return an address or phone number with half-width digits, letters and hyphens, no spaces."""
    return squash((text or "").translate(_HALF))
