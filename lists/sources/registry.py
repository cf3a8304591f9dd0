"""Find list files, recognise their format, and load them into the one party model.

``load_source`` is the single entry point the service and CLI use: it recognises the
format from the file name and its first bytes (never from trust in an extension alone),
and turns every failure — unknown format, hostile XML, oversized or truncated file,
missing columns — into ``ListLoadError(path, reason)``. A list that fails to load must
stop the update (fail closed), never be half-used.

Kinds: ``ofac_csv``, ``ofac_xml``, ``un_xml``, ``uk_conlist``, ``eu_merged_json``,
``eu_xml``, ``bis_dpl``, ``csl``, ``os_targets``, ``ftm_json``, ``meti_eul``,
``user_csv``, ``user_jsonl``, ``user_ftm``. Detection never picks ``user_ftm``: FtM
files are taken as OpenSanctions exports (``os_ftm``) unless the caller says
``kind="user_ftm"`` (or uses ``user_list.load_user_list``).
"""

from __future__ import annotations

import csv
import gzip
import importlib
import json
import re
import zlib
from pathlib import Path
from typing import Callable, Iterable

from lists.parties.model import LoadedList
from lists.sources.common import ListLoadError, check_file

#: kind -> "module:function"; loaders are imported on first use.
LOADERS: dict[str, str] = {
    "ofac_csv": "lists.sources.ofac_csv:load_ofac_csv",
    "ofac_xml": "lists.sources.ofac_xml:load_ofac_xml",
    "un_xml": "lists.sources.un_xml:load_un_xml",
    "uk_conlist": "lists.sources.uk_conlist:load_uk_conlist",
    "eu_merged_json": "lists.sources.eu_merged_json:load_eu_merged_json",
    "eu_xml": "lists.sources.eu_xml:load_eu_xml",
    "bis_dpl": "lists.sources.bis_dpl:load_bis_dpl",
    "csl": "lists.sources.csl:load_csl",
    "os_targets": "lists.sources.opensanctions:load_targets_simple",
    "ftm_json": "lists.sources.opensanctions:load_ftm_json",
    "meti_eul": "lists.sources.meti_eul:load_meti_eul",
    "user_csv": "lists.sources.user_list:load_user_csv",
    "user_jsonl": "lists.sources.user_list:load_user_jsonl",
    "user_ftm": "lists.sources.user_list:load_user_ftm",
}

#: Files published only as parts of an OFAC CSV set; they load with their primary file.
OFAC_SET_PARTS = {"alt.csv", "add.csv", "sdn_comments.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"}

#: Editions of the same list published in two formats: (kept, dropped-if-kept-exists).
#: Loading both would put every entry in twice under the same ids.
ALTERNATE_EDITIONS = (
    ("consolidated.xml", "cons_prim.csv"),  # OFAC non-SDN: the XML has alias strength
    ("ConList.xlsx", "ConList.csv.gz"),  # UK OFSI: the workbook is the published edition
    ("ConList.xlsx", "ConList.csv"),
    # Two CSL excerpts: the 2019 one is an older vintage of the same list; both use the
    # same ids ("<list code>-<entity number>"), so only the newer is loaded.
    ("consolidated-sample-2025.csv", "csl-sample-2019.csv"),
)


def _loader(kind: str) -> Callable[..., LoadedList]:
    try:
        target = LOADERS[kind]
    except KeyError:
        raise ValueError(f"unknown list kind {kind!r}; known: {', '.join(sorted(LOADERS))}") from None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


def _head(path: Path, n: int = 4096) -> str:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:  # type: ignore[operator]
            raw = fh.read(n)
    except (OSError, EOFError, zlib.error) as exc:
        raise ListLoadError(path, f"cannot read file: {exc}") from exc
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_kind(path: Path) -> str:
    """Recognise a list format from its name and first bytes."""
    name = path.name.lower()
    if name in OFAC_SET_PARTS:
        raise ListLoadError(path, "this file is part of an OFAC CSV set: load its primary file (sdn.csv / cons_prim.csv)")
    if name.endswith(".xlsx"):
        return _detect_xlsx(path)
    head = _head(path)
    stripped = head.lstrip()
    if stripped.startswith("<"):
        if re.search(r"<(\w+:)?CONSOLIDATED_LIST\b", head):
            return "un_xml"
        if re.search(r"<(\w+:)?sdnList\b", head):
            return "ofac_xml"
        if "http://eu.europa.ec/fpi/fsd/export" in head or re.search(r"<(\w+:)?export\b", head):
            return "eu_xml"
        raise ListLoadError(path, "XML file of an unknown list format")
    if stripped.startswith("{") or stripped.startswith("["):
        if '"metadata"' in head and '"by_source"' in head:
            return "eu_merged_json"
        first = stripped.splitlines()[0] if stripped else ""
        if '"properties"' in first and '"schema"' in first:
            return "ftm_json"
        if name.endswith((".jsonl", ".ndjson", ".json")):
            return "user_jsonl"
        raise ListLoadError(path, "JSON file of an unknown list format")
    lines = [ln for ln in head.splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    low = head.lower()
    if first.startswith('"Name"\t') or first.startswith("Name\t"):
        return "bis_dpl"
    if first.lower().startswith("last updated"):
        return "uk_conlist"
    if re.match(r'^\d+,"', first) and name.endswith(".csv"):
        return "ofac_csv"
    fields = [f.strip().lower() for f in next(csv.reader([first]), [])]
    if {"alt_names", "source", "name"} <= set(fields):
        return "csl"
    if fields[:4] == ["id", "schema", "name", "aliases"]:
        return "os_targets"
    if "company or organization" in low and "type of wmd" in low:
        return "meti_eul"
    if fields and fields[0].lstrip("\ufeff") == "id" and "name" in fields:
        return "user_csv"
    raise ListLoadError(path, "unrecognised list format (no known header or signature)")


def _detect_xlsx(path: Path) -> str:
    from lists.sources.xlsx import first_rows

    rows = first_rows(path, 12)
    flat = " ".join(str(c) for r in rows for c in r if c is not None).lower()
    if rows and rows[0] and str(rows[0][0] or "").strip().lower() == "last updated":
        return "uk_conlist"
    if "group id" in flat and "alias type" in flat:
        return "uk_conlist"
    if "company or organization" in flat:
        return "meti_eul"
    raise ListLoadError(path, "spreadsheet of an unknown list format")


def load_source(path: str | Path, *, kind: str | None = None) -> LoadedList:
    """Load one list file (or OFAC CSV set, by its primary file) into the party model."""
    path = Path(path)
    check_file(path)
    kind = kind or detect_kind(path)
    loader = _loader(kind)
    try:
        return loader(path)
    except ListLoadError:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError, EOFError, zlib.error, KeyError, IndexError, ValueError) as exc:
        raise ListLoadError(path, f"malformed {kind} file: {type(exc).__name__}: {exc}") from exc
    except OSError as exc:
        raise ListLoadError(path, f"cannot read {kind} file: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - any other parser failure still fails the load, closed
        raise ListLoadError(path, f"could not load {kind} file: {type(exc).__name__}: {exc}") from exc


def discover_shared_lists(data_dir: Path, *, alternate_editions: bool = False) -> list[Path]:
    """Every list to load under ``data_dir/lists``, one path per list.

    Skips ``history/`` snapshots (they are for update tests), loads OFAC CSV sets through
    their primary file, and, unless ``alternate_editions``, keeps one edition of a list
    published in two formats or vintages (see ``ALTERNATE_EDITIONS``) so no entry loads twice.
    """
    return discover_list_files(Path(data_dir) / "lists", alternate_editions=alternate_editions)


def discover_list_files(directory: Path, *, alternate_editions: bool = False) -> list[Path]:
    """Like ``discover_shared_lists`` for any folder of list files (searched recursively)."""
    root = Path(directory)
    found: list[Path] = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or "history" in p.relative_to(root).parts:
            continue
        name = p.name
        if name.startswith(".") or name.lower() in OFAC_SET_PARTS:
            continue
        if not name.lower().endswith((".csv", ".csv.gz", ".xml", ".json", ".jsonl", ".xlsx", ".txt")):
            continue
        found.append(p)
    if not alternate_editions:
        present = {(p.parent, p.name) for p in found}
        found = [
            p for p in found
            if not any(p.name == dropped and (p.parent, kept) in present for kept, dropped in ALTERNATE_EDITIONS)
        ]
    return found


def load_all(paths: Iterable[str | Path]) -> list[LoadedList]:
    """Load every path; the first failure raises (a partial list set is never returned)."""
    return [load_source(p) for p in paths]


def _main() -> None:
    """Load every shared list and print counts and timings (a benchmark, not a test)."""
    import os
    import sys
    import time

    data = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "TRADESCREEN_SHARED_DATA", Path(__file__).resolve().parents[2] / ".." / "shared" / "data"))
    total = time.perf_counter()
    names = 0
    for p in discover_shared_lists(data):
        t = time.perf_counter()
        lst = load_source(p)
        names += lst.source.name_count
        print(f"{time.perf_counter() - t:6.2f}s  {lst.source.list_id:16} {lst.source.published:10} "
              f"{lst.source.entity_count:6} entities {lst.source.name_count:6} names  {p.name}")
    print(f"{time.perf_counter() - total:6.2f}s  total, {names} names")


if __name__ == "__main__":
    _main()
