"""Shared by the document reader's tests: the seeds, the demo plans, and a tree walk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
SAMPLES = Path(__file__).resolve().parent / "samples"
DEMO_PLANS = ROOT / "sasaeai" / "demo" / "plans"
CONFIDENT = 0.9  # an indicator at or above this is "confident": it must then be right

Obj = dict[str, Any]


def seed_path(number: str) -> Path:
    """Return the seed document `number`; skip the test when the seeds are not here."""
    found = sorted(SEEDS_DIR.glob(f"{number}_*.txt")) if SEEDS_DIR.is_dir() else []
    if not found:
        pytest.skip(f"seed {number} is not in {SEEDS_DIR}")
    return found[0]


def demo_plan(slug: str) -> Obj:
    loaded: Obj = yaml.safe_load((DEMO_PLANS / f"{slug}.yaml").read_text(encoding="utf-8"))
    return loaded


def walk(nodes: list[Obj], parent: tuple[str, ...] = ()) -> Iterator[tuple[str, Obj]]:
    """Yield (key, node) depth-first; the key is the codes from the root joined by /."""
    for node in nodes:
        key = (*parent, node.get("code") or node["title"])
        yield "/".join(key), node
        yield from walk(node.get("children", []), key)


def indicators(nodes: list[Obj]) -> list[tuple[str, Obj]]:
    return [(key, i) for key, node in walk(nodes) for i in node.get("indicators", [])]
