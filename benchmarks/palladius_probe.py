"""Listed Chinese persons written in Cyrillic the Palladius way: how many are found.

Russian documents write Chinese names in the Palladius system ("Ли Фанвэй" for LI Fangwei).
This probe takes listed persons of China or Hong Kong whose every name word is pinyin,
writes each word in Palladius Cyrillic syllable by syllable (``palladius.csv`` read the
other way; ъ between н and a vowel-initial syllable, as the system writes it) and counts
a hit when the listed entry, or a name spelt as that one, is reported at the threshold.
Seeded; ``--off`` screens without the Palladius reading (the figure before it).

    .venv/bin/python benchmarks/palladius_probe.py --snapshot FILE [--seed 1] [--off]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import lists.parties.matcher as matcher_module  # noqa: E402
from lists.names.palladius import _table  # noqa: E402
from lists.names.wade_giles import pinyin_syllables  # noqa: E402
from lists.parties.index import build_default, read_snapshot  # noqa: E402


def _palladius(word: str, spelling: dict[str, str]) -> str | None:
    out: list[str] = []
    for syllable in pinyin_syllables(word.lower()):
        cyrillic = spelling.get(syllable)
        if cyrillic is None:
            return None
        if out and out[-1].endswith("н") and cyrillic[0] in "аеёиоуыэюя":
            out.append("ъ")
        out.append(cyrillic)
    return "".join(out) or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snapshot", help="an existing snapshot (default: build one from the shared lists)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-n", type=int, default=150, help="names to probe (default 150)")
    parser.add_argument("--off", action="store_true", help="screen without the Palladius reading")
    parser.add_argument("--failures", type=int, default=10)
    args = parser.parse_args(argv)
    if args.off:
        if not str(matcher_module.__file__).endswith(".py"):
            # (compiled code calls the function it was built with, whatever the module holds)
            parser.error("--off needs the pure-Python matcher: run with TRADESCREEN_PURE=1")
        matcher_module.palladius_reading = lambda text: None
    snap = read_snapshot(args.snapshot) if args.snapshot else build_default()
    matcher = matcher_module.Matcher(snap)
    spelling: dict[str, str] = {}
    for cyrillic, pinyin in _table().pinyin.items():
        spelling.setdefault(pinyin, cyrillic)
    pool: list[tuple[int, str]] = []
    for nid, value in enumerate(snap.name_value):
        e = snap.name_entity[nid]
        if snap.entity_schema[e] != "Person" or not {"CN", "HK"} & set(snap.entity_countries[e]):
            continue
        words = re.findall(r"[A-Za-z]+", value)
        written = [_palladius(w, spelling) for w in words]
        if 2 <= len(words) <= 4 and all(written):
            pool.append((nid, " ".join(w.capitalize() for w in written if w)))
    random.Random(args.seed).shuffle(pool)
    seen: set[str] = set()
    found = 0
    misses: list[str] = []
    for nid, query in pool:
        if query in seen:
            continue
        seen.add(query)
        e = snap.name_entity[nid]
        result = matcher.match_name(query, schema="Person", top=5)
        if any(m.entity_id == snap.entity_id[e] or m.name == snap.name_value[nid] for m in result):
            found += 1
        elif len(misses) < args.failures:
            misses.append(f"    {query!r:40} listed {snap.name_value[nid]!r}")
        if len(seen) >= args.n:
            break
    print(f"seed {args.seed}: {found}/{len(seen)} listed Chinese persons in Palladius Cyrillic found"
          f"{' (without the Palladius reading)' if args.off else ''}")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
