"""Loading of the curated data tables under ``lists/names/data``.

Tables are read once per process and cached; they are plain tuples/dicts that
nothing mutates. ``tables_version`` hashes the table files and the normaliser's code
so a snapshot records exactly which normalisation built it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# Country names and their spellings in the lists: shared with the list loaders, read here for
# the places an organisation name may end with (``places``).
COUNTRIES_CSV = DATA_DIR.parents[1] / "data" / "countries.csv"


def data_path(name: str) -> Path:
    return DATA_DIR / name


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


@lru_cache(maxsize=None)
def read_yaml(name: str) -> Any:
    return yaml.safe_load(data_path(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def read_csv(name: str, delimiter: str = ",") -> tuple[dict[str, str], ...]:
    """Rows of a CSV table whose leading ``#`` lines document its source."""
    text = _without_comments(data_path(name).read_text(encoding="utf-8"))
    return tuple(csv.DictReader(io.StringIO(text), delimiter=delimiter))


@lru_cache(maxsize=1)
def tables_version() -> str:
    """Version of the normalisation: its data tables and its code (``lists/names/*.py``).

    A snapshot's index holds names normalised by one version; queries normalised by
    another would miss what the two do differently, so readers check it.
    """
    digest = hashlib.sha256()
    code = sorted(DATA_DIR.parent.glob("*.py"))
    for path in [*sorted(DATA_DIR.iterdir()), COUNTRIES_CSV, *code]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
