"""Name shapes the quality bench does not hold: recall of listed names rewritten the ways
trade documents and people write them, beyond DOMAIN.md §6's one recipe per kind.

The quality bench (``names_quality.py``) is frozen and tracks every change; this probe is
its scout. It draws listed names (Latin script, two words or more) from the snapshot of
every shared list, rewrites each with every recipe below and counts a hit when the listed
entry (or another entry with the very same name) is reported at the threshold. Nothing is
held out: a probe asks "is this shape read?", not "is this alias known?". Seeded, so a run
is repeatable; different seeds draw other names.

    .venv/bin/python benchmarks/names_probe.py                     # seed 5, 150 names per recipe
    .venv/bin/python benchmarks/names_probe.py --seed 11 --failures 10
    .venv/bin/python benchmarks/names_probe.py --snapshot FILE     # an existing snapshot
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from lists.parties.index import Snapshot, build_default, read_snapshot  # noqa: E402
from lists.parties.matcher import Matcher  # noqa: E402

_LATIN_NAME = re.compile(r"^[A-Za-z .,'\-&()]+$")
_FORMS = re.compile(r"\b(LLC|Ltd\.?|Limited|JSC|Co\.?|Company|Corporation|Inc\.?|OOO|OAO|PJSC|AO|GmbH)\b")
_ORG_SCHEMAS = ("Organization", "Company", "LegalEntity")

Recipe = Callable[[str, random.Random], Optional[str]]


def _words(value: str) -> list[str]:
    return value.replace(",", " ").split()


def _typo(word: str, rng: random.Random) -> str:
    """One deletion, substitution, transposition or insertion inside a word of 5+ letters."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("dsti")
    if op == "d":
        return word[:i] + word[i + 1:]
    if op == "s":
        return word[:i] + rng.choice("aeioulnrst") + word[i + 1:]
    if op == "t":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeioulnrst") + word[i:]


def _initial_first(v: str, rng: random.Random) -> str | None:
    w = _words(v)
    return " ".join([w[0][0] + "."] + w[1:]) if len(w) >= 3 else None


def _drop_middle(v: str, rng: random.Random) -> str | None:
    w = _words(v)
    return " ".join(w[:1] + w[2:]) if len(w) >= 3 else None


def _honorific(v: str, rng: random.Random) -> str:
    return rng.choice(["Mr. ", "Dr. ", "General ", "Sheikh ", "Haji ", "Mrs "]) + v


def _comma_surname(v: str, rng: random.Random) -> str:
    w = _words(v)
    return w[-1].upper() + ", " + " ".join(w[:-1])


def _two_typos(v: str, rng: random.Random) -> str:
    w = _words(v)
    return " ".join(_typo(x, rng) if k in (0, len(w) - 1) else x for k, x in enumerate(w))


def _hyphenated_lower(v: str, rng: random.Random) -> str:
    return "-".join(_words(v)).lower()


def _doubled_letter(v: str, rng: random.Random) -> str:
    return re.sub(r"([bcdfglmnprst])", lambda m: m.group(1) * 2, v, count=1)


_SILENT_H = re.compile(r"(?<=[aeiouAEIOU])[hH](?=[b-df-gj-np-tv-xzB-DF-GJ-NP-TV-XZ])|(?<=[A-Za-z]{3}[aeiouAEIOU])[hH]\b")


def _h_dropped(v: str, rng: random.Random) -> str | None:
    """Every h after a vowel left out, as romanisations of ه / ح do (Mehran/Meran, Fatimah/Fatima)."""
    dropped = _SILENT_H.sub("", v)
    return dropped if dropped != v else None


def _the_prefix(v: str, rng: random.Random) -> str:
    return "The " + v


def _place_appended(v: str, rng: random.Random) -> str:
    return v + rng.choice([" (Iran)", " Russia", " - Hong Kong", " UAE", " Moscow"])


def _generic_appended(v: str, rng: random.Random) -> str:
    return v + rng.choice([" Group", " Holding", " International", " Trading"])


def _form_swapped(v: str, rng: random.Random) -> str | None:
    swapped = _FORMS.sub(lambda m: rng.choice(["LLC", "Ltd", "JSC", "Company", "FZE", "Co., Ltd."]), v)
    return swapped if swapped != v else None


def _first_word_typo(v: str, rng: random.Random) -> str:
    return " ".join(_typo(x, rng) if k == 0 else x for k, x in enumerate(_words(v)))


def _form_dropped_quoted(v: str, rng: random.Random) -> str:
    return '"' + _FORMS.sub("", v).strip(" ,") + '"'


def _dotted_lower(v: str, rng: random.Random) -> str:
    return v.lower().replace(" ", ".")


PERSON_RECIPES: dict[str, Recipe] = {
    "initial_first": _initial_first, "drop_middle": _drop_middle, "honorific": _honorific,
    "comma_surname": _comma_surname, "two_typos": _two_typos, "hyphenated_lower": _hyphenated_lower,
    "doubled_letter": _doubled_letter, "h_dropped": _h_dropped,
}
ORG_RECIPES: dict[str, Recipe] = {
    "the_prefix": _the_prefix, "place_appended": _place_appended, "generic_appended": _generic_appended,
    "form_swapped": _form_swapped, "first_word_typo": _first_word_typo,
    "form_dropped_quoted": _form_dropped_quoted, "dotted_lower": _dotted_lower, "h_dropped": _h_dropped,
}


def _pools(snap: Snapshot) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    people: list[tuple[int, str]] = []
    orgs: list[tuple[int, str]] = []
    seen: set[str] = set()
    for nid, e in enumerate(snap.name_entity):
        value = snap.name_value[nid]
        words = _words(value)
        if not _LATIN_NAME.match(value) or value.lower() in seen or len(words) < 2 or len(words[0]) < 2:
            continue
        seen.add(value.lower())
        schema = snap.entity_schema[e]
        if schema == "Person":
            people.append((e, value))
        elif schema in _ORG_SCHEMAS:
            orgs.append((e, value))
    return people, orgs


def probe(matcher: Matcher, seed: int, per_recipe: int, threshold: float) -> dict[str, list]:
    """recipe -> [(query, listed name, found, best score or None)]."""
    snap = matcher.snapshot
    rng = random.Random(seed)
    people, orgs = _pools(snap)
    out: dict[str, list] = defaultdict(list)
    for pool, recipes in ((people, PERSON_RECIPES), (orgs, ORG_RECIPES)):
        sample = rng.sample(pool, min(per_recipe, len(pool)))
        for kind, recipe in recipes.items():
            for e, value in sample:
                query = recipe(value, rng)
                if not query or query == value:
                    continue
                found = matcher.match_name(query, threshold=threshold, top=10)
                hit = any(m.entity_id == snap.entity_id[e] or m.name.lower() == value.lower() for m in found)
                out[kind].append((query, value, hit, found[0].score if found else None))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snapshot", help="probe this snapshot instead of building one from the shared lists")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("-n", type=int, default=150, help="listed names per recipe (default 150)")
    parser.add_argument("--threshold", type=float, default=None, help="default: the configured match threshold")
    parser.add_argument("--failures", type=int, default=0, help="print this many misses per recipe")
    args = parser.parse_args(argv)
    snap = read_snapshot(args.snapshot) if args.snapshot else build_default()
    matcher = Matcher(snap)
    threshold = matcher.threshold if args.threshold is None else args.threshold
    results = probe(matcher, args.seed, args.n, threshold)
    print(f"seed {args.seed}, threshold {threshold}, {args.n} listed names per recipe")
    for kind, rows in results.items():
        hits = sum(1 for r in rows if r[2])
        print(f"  {kind:20s} {hits:4d}/{len(rows):<4d} {hits / len(rows):.3f}")
    if args.failures:
        for kind, rows in results.items():
            misses = [r for r in rows if not r[2]][: args.failures]
            if misses:
                print(f"{kind}:")
                for query, value, _hit, score in misses:
                    print(f"    {query!r:60s} listed {value!r} best {score}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
