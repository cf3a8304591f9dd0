"""The matcher's per-token caches (expansions, merged seed groups, weights, glued-word splits,
token-pair similarities) only save work: what a screening returns must not depend on what
the same matcher screened before it.
"""

from __future__ import annotations

import csv
import random

from lists.parties.matcher import Matcher
from stream.settings import REPO_ROOT


def _queries() -> list[tuple[str, str | None]]:
    path = REPO_ROOT / "benchmarks" / "data" / "name_cases.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    sample = random.Random(5).sample(rows, 250)
    # A glued word whose parts are also typed as words: the same string is a spacing key and a
    # fuzzy-expanded word in one query.
    extra = [("Sberbank bank", None), ("Sber bank Sberbank", None), ("bank", None), ("Sber", None)]
    return [(r["query"], r["schema"] or None) for r in sample] + extra


def _screen(matcher: Matcher, queries: list[tuple[str, str | None]]) -> dict[tuple[str, str | None], list]:
    out = {}
    for name, schema in queries:
        found = matcher.match_name(name, schema=schema, threshold=0.6, top=5)
        out[(name, schema)] = [(m.entity_id, m.score, m.name, m.explanation["alignment"]) for m in found]
    return out


def test_results_do_not_depend_on_what_was_screened_before(snapshot):
    queries = _queries()
    forward = _screen(Matcher(snapshot, party_cache_size=0), queries)
    backward = _screen(Matcher(snapshot, party_cache_size=0), list(reversed(queries)))
    assert forward == backward
    assert sum(1 for found in forward.values() if found) > 50  # the sample does match things
