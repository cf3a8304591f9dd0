"""One snapshot of every shared list per test session (cached across sessions in var/).

Building from the real files takes ~15 s; the cache is only reused when the list
files, the loaders and the normalisation code are unchanged (input fingerprint).
"""

from __future__ import annotations

import pytest

from lists.parties.index import Snapshot, load_or_build_default
from lists.parties.matcher import Matcher
from tests.conftest import LISTS_CACHE, SHARED_DATA


@pytest.fixture(scope="session")
def snapshot() -> Snapshot:
    return load_or_build_default(None, shared_data=SHARED_DATA, cache=LISTS_CACHE)


@pytest.fixture(scope="session")
def matcher(snapshot: Snapshot) -> Matcher:
    return Matcher(snapshot)
