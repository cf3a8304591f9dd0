"""The probe of name shapes beyond the bench (``benchmarks/names_probe.py``) runs on the real
lists, and the shapes this release reads stay read."""

from __future__ import annotations

import sys

from lists.parties.matcher import Matcher
from stream.settings import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
import names_probe  # noqa: E402


def test_the_probe_rewrites_listed_names_with_every_recipe_and_finds_the_shapes_read(matcher: Matcher):
    results = names_probe.probe(matcher, seed=5, per_recipe=25, threshold=matcher.threshold)
    assert set(results) == set(names_probe.PERSON_RECIPES) | set(names_probe.ORG_RECIPES)
    for kind, rows in results.items():
        assert rows, kind
        assert all(query != listed for query, listed, _hit, _score in rows)
    # A place appended to an organisation name and "The" in front of it: every one found.
    for kind in ("place_appended", "the_prefix"):
        assert all(hit for _q, _l, hit, _s in results[kind]), [r for r in results[kind] if not r[2]]
