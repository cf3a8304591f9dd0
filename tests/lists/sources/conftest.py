"""Shared fixtures for the list-loader tests: the real published files, loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lists.parties.model import LoadedList
from lists.sources.registry import load_source

REPO = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path:
    return Path(os.environ.get("TRADESCREEN_SHARED_DATA", REPO / ".." / "shared" / "data")).resolve()


LISTS = shared_data_dir() / "lists"

_cache: dict[str, LoadedList] = {}


def loaded(rel: str) -> LoadedList:
    """Load a real list file once per test session (relative to shared/data/lists)."""
    if rel not in _cache:
        path = LISTS / rel
        if not path.exists():
            pytest.skip(f"shared data file missing: {path}")
        _cache[rel] = load_source(path)
    return _cache[rel]


def by_source_id(lst: LoadedList, source_id: str):
    for e in lst.entities:
        if e.source_id == source_id:
            return e
    raise AssertionError(f"{source_id} not in {lst.source.list_id}")


@pytest.fixture(scope="session")
def lists_dir() -> Path:
    if not LISTS.is_dir():
        pytest.skip(f"shared data missing: {LISTS}")
    return LISTS
