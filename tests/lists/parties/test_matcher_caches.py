"""The matcher's per-token caches (expansions, merged seed groups, weights, glued-word splits,
token-pair similarities) only save work: what a screening returns must not depend on what
the same matcher screened before it.
"""

from __future__ import annotations

import csv
import random

from lists.parties.matcher import Matcher
from stream.settings import REPO_ROOT


def _queries(count: int = 250, seed: int = 5) -> list[tuple[str, str | None]]:
    path = REPO_ROOT / "benchmarks" / "data" / "name_cases.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    sample = random.Random(seed).sample(rows, count)
    # A glued word whose parts are also typed as words: the same string is a spacing key and a
    # fuzzy-expanded word in one query.
    # And typos of spellings the variants table folds, which weigh and expand through them.
    extra = [("Sberbank bank", None), ("Sber bank Sberbank", None), ("bank", None), ("Sber", None),
             ("ABU HASSAN, Khalled", None), ("Khalled", "Person"), ("WALTER, Muhammmad", None),
             ("Muhammmad Khalled", "Person")]
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


def test_the_token_pair_cache_starts_over_past_its_bound(snapshot, monkeypatch):
    """Junk names in abjad scripts align dozens of candidates each: the pair cache is
    bounded by pairs, not only by rows, and starting over changes no answer."""
    import dataclasses

    import lists.parties.matcher as matcher_module

    queries = _queries(1200, seed=6)
    expected = _screen(Matcher(snapshot, party_cache_size=0), queries)
    config = dataclasses.replace(matcher_module.load_config(), similarity_cache={})
    monkeypatch.setattr(matcher_module, "_SIMILARITY_PAIRS", 0)
    bounded = Matcher(snapshot, party_cache_size=0, config=config)
    sizes = []
    for query in queries:
        got = _screen(bounded, [query])
        assert got[query] == expected[query]
        sizes.append(len(config.similarity_cache))
    # Pairs are counted when the 1,024th row is about to be added: over a bound of 0, the
    # cache starts over there, so it never holds more rows, and it did start over (rows
    # alone would allow 100,000).
    assert max(sizes) <= 1023
    assert any(later < earlier for earlier, later in zip(sizes, sizes[1:]))
