"""Instructions per party screening: the machine-independent speed figure.

Wall-clock rates on a shared machine swing by ±25 % between runs minutes apart, so code
changes are judged by instruction counts: valgrind counts every instruction executed
inside ``Matcher.screen_party`` (compiled build) over ``N`` cold screenings (result cache
off) of the ``traffic`` mix of ``names_speed.py``, after 200 warm-up screenings made through
``match_name`` (outside the counted function, so they are not counted). Divide the
``Collected`` figure valgrind prints by ``N``.

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out --collect-atstart=no \\
        --toggle-collect=CPyDef_matcher___Matcher___screen_party \\
        .venv/bin/python benchmarks/names_instructions.py SNAPSHOT      # PYTHONHASHSEED=0

(The toggle names the compiled function, so this counts the compiled build.) ``MIX=listed``
measures the listed-names mix, ``N`` sets the count (default 1,200).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def main() -> int:
    from lists.parties.index import read_snapshot
    from lists.parties.matcher import Matcher
    from names_speed import _parties

    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    matcher = Matcher(read_snapshot(sys.argv[1]), party_cache_size=0)
    n = int(os.environ.get("N", "1200"))
    parties = _parties(os.environ.get("MIX", "traffic"), n + 200)
    for party in parties[:200]:  # (not through screen_party: valgrind counts every call of it)
        matcher.match_name(party.name, schema=party.schema, country=party.country)
    for party in parties[200:]:
        matcher.screen_party(party)
    return 0


if __name__ == "__main__":
    sys.exit(main())
