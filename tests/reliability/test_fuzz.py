"""Bad input at scale: property tests of the pipeline and 100,000 hostile messages through a real worker.

Properties (hypothesis, on ``Pipeline.process`` with the real rules and a real
list snapshot): any bytes give exactly one output, never an exception; a
decision always matches the published schema and never RELEASEs with a
SCREENING_ERROR; a dead letter keeps the original bytes (up to the output
limit) and a known error kind; outputs stay under the output size limit;
screening the same event twice gives the same ``decision_id``.

The worker run sends ``FUZZ_MESSAGES`` generated messages (see
``fuzz_messages.py``) and checks that every one is accounted for by its input
coordinates, that the worker stays alive, and that its memory is bounded.
"""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import fastjsonschema
import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from hypothesis import HealthCheck, given, settings, strategies as st

from lists.parties.index import build_from_paths, write_snapshot
from stream.broker import EmbeddedBroker, ensure_topics
from stream.codec import CONTRACTS
from stream.pipeline import Pipeline
from stream.reference import build_screener
from stream.settings import Settings, Topics
from tests.reliability.fuzz_messages import BASE, HOMOGLYPH_NAMES, fuzz_messages
from tests.reliability.support import FAST_GROUP_ENV, metric_samples
from tests.support.kafka import WorkerProcess

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
FUZZ_MESSAGES = int(os.environ.get("TRADESCREEN_FUZZ_MESSAGES", "100000"))
FUZZ_MAX_MESSAGE_BYTES = 64 * 1024
DEAD_LETTER_KINDS = {"too_large", "not_utf8", "not_json", "not_object", "schema", "invalid_value", "core_error"}

decision_schema = fastjsonschema.compile(orjson.loads((CONTRACTS / "decision.schema.json").read_bytes()))
dead_letter_schema = fastjsonschema.compile(orjson.loads((CONTRACTS / "dead_letter.schema.json").read_bytes()))


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    snap = write_snapshot(build_from_paths([SHARED / "lists" / "un" / "consolidated.xml"]),
                          tmp_path_factory.mktemp("fuzzsnap") / "un.snapshot")
    screener, report = build_screener(Settings(lists_snapshot=snap, lists_cache=None))
    assert report.rules_loaded and report.lists_loaded, report.errors
    return Pipeline(screener, max_message_bytes=FUZZ_MAX_MESSAGE_BYTES, max_output_bytes=200_000)


def check_output(pipeline: Pipeline, value: bytes | None) -> dict[str, Any]:
    out = pipeline.process(value, key=b"k", topic="t", partition=1, offset=7)
    assert out.kind in {"decision", "dead_letter"}
    assert len(out.value) <= pipeline.max_output_bytes
    doc = orjson.loads(out.value)
    if out.kind == "decision":
        decision_schema(doc)
        codes = {r["code"] for r in doc["reasons"]}
        assert doc["decision"] == ("HOLD" if doc["reasons"] else "RELEASE")
        assert not ("SCREENING_ERROR" in codes and doc["decision"] == "RELEASE")
        assert doc["source"] == {"topic": "t", "partition": 1, "offset": 7}
    else:
        dead_letter_schema(doc)
        assert doc["error_kind"] in DEAD_LETTER_KINDS and doc["error"]
        kept = base64.b64decode(doc["original_b64"])
        assert (value or b"").startswith(kept) and doc["original_size"] == len(value or b"")
        assert (doc["topic"], doc["partition"], doc["offset"]) == ("t", 1, 7)
    return doc


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
FIELDS = sorted(BASE)
NAME_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80) | st.sampled_from(
    HOMOGLYPH_NAMES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096) | st.none())
def test_any_bytes_give_exactly_one_output(pipeline: Pipeline, value: bytes | None) -> None:
    check_output(pipeline, value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS)))
def test_events_with_fields_of_any_type_give_exactly_one_output(pipeline: Pipeline, changes: dict) -> None:
    check_output(pipeline, orjson.dumps({**BASE, "event_id": "prop-types", **changes}))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consignee=NAME_TEXT, end_user=NAME_TEXT, address=st.text(max_size=200),
       hs=st.text(alphabet="0123456789. -O", min_size=1, max_size=20),
       country=st.sampled_from(["DE", "KP", "RU", "IR", "UA", "CN", "US"]))
def test_valid_events_with_odd_text_are_screened_and_deterministic(
    pipeline: Pipeline, consignee: str, end_user: str, address: str, hs: str, country: str,
) -> None:
    ev = {**BASE, "event_id": "prop-text", "destination_country": country,
          "consignee": {"name": consignee, "country": country, "address": address},
          "end_user": {"name": end_user, "country": country},
          "items": [{"line": 1, "hs_code": hs, "description": "goods"}]}
    raw = orjson.dumps(ev)
    first = check_output(pipeline, raw)
    if "decision" in first:
        again = orjson.loads(pipeline.process(raw, key=b"k", topic="t", partition=1, offset=8).value)
        assert again["decision_id"] == first["decision_id"]
        if country in {"KP"}:  # an embargoed destination is never released, whatever the names say
            assert first["decision"] == "HOLD"


@pytest.mark.parametrize("category_seed", range(3))
def test_generated_fuzz_categories_never_crash_the_pipeline(pipeline: Pipeline, category_seed: int) -> None:
    kinds: Counter = Counter()
    for cat, key, value in fuzz_messages(2000, seed=category_seed):
        doc = check_output(pipeline, value)
        kinds[(cat, doc.get("decision") or doc.get("error_kind"))] += 1
    assert sum(kinds.values()) == 2000
    assert all(v in {"HOLD"} for (cat, v) in kinds if cat == "hs_wrong_length")  # unresolvable HS → HOLD


# ----------------------------------------------------------------- real worker


class FuzzStack:
    def __init__(self, log_dir: Path) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.topics = Topics.with_prefix("fuzz.")
        self.broker = EmbeddedBroker(log_path=log_dir / "tansu.log").start()
        asyncio.run(ensure_topics(self.broker.bootstrap_servers, self.topics.all, partitions=4))
        env = {**FAST_GROUP_ENV, "TRADESCREEN_TOPIC_PREFIX": "fuzz.", "TRADESCREEN_PARTITIONS": "4",
               "TRADESCREEN_DATA_DIR": str(log_dir / "data"),
               "TRADESCREEN_MAX_MESSAGE_BYTES": str(FUZZ_MAX_MESSAGE_BYTES)}
        self.worker = WorkerProcess(self.broker.bootstrap_servers, env_extra=env, log_path=log_dir / "worker.log").start()

    def close(self) -> None:
        self.worker.stop()
        self.broker.stop()


async def _produce(bootstrap: str, records: list[tuple[str, bytes, bytes]]) -> list[tuple[str, int, int]]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20,
                                max_request_size=2 << 20, max_batch_size=512 * 1024)
    await producer.start()
    try:
        coords: list[tuple[str, int, int]] = []
        for start in range(0, len(records), 5000):
            futs = [await producer.send(t, v, key=k) for t, k, v in records[start:start + 5000]]
            coords.extend((m.topic, m.partition, m.offset) for m in await asyncio.gather(*futs))
        return coords
    finally:
        await producer.stop()


async def _collect(bootstrap: str, topics: Topics, wanted: set[tuple[str, int, int]], timeout: float) -> dict:
    """Read outputs until every wanted coordinate is seen; keep only counts (bounded test memory)."""
    consumer = AIOKafkaConsumer(topics.decisions, topics.dead_letters, bootstrap_servers=bootstrap,
                                group_id=f"fuzz-count-{os.getpid()}", auto_offset_reset="earliest",
                                enable_auto_commit=False, max_partition_fetch_bytes=8 << 20,
                                fetch_max_bytes=64 << 20)
    await consumer.start()
    seen: Counter = Counter()
    kinds: Counter = Counter()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not wanted <= seen.keys():
            batches = await consumer.getmany(timeout_ms=500, max_records=20000)
            for tp, recs in batches.items():
                for rec in recs:
                    doc = orjson.loads(rec.value)
                    if tp.topic == topics.decisions:
                        src = doc["source"]
                        coord = (src["topic"], src["partition"], src["offset"])
                        kinds[f"decision:{doc['decision']}"] += 1
                    else:
                        coord = (doc["topic"], doc["partition"], doc["offset"])
                        kinds[f"dead_letter:{doc['error_kind']}"] += 1
                    seen[coord] += 1
    finally:
        await consumer.stop()
    return {"seen": seen, "kinds": kinds}


def _rss(stack: FuzzStack) -> float:
    return metric_samples(stack.worker.metrics_url)["process_resident_memory_bytes"]


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzStack]:
    stack = FuzzStack(tmp_path_factory.mktemp("fuzz"))
    try:
        yield stack
    finally:
        stack.close()


@pytest.mark.kafka
def test_100k_hostile_messages_through_the_worker_are_all_accounted_for(fuzz_stack: FuzzStack) -> None:
    bootstrap = fuzz_stack.broker.bootstrap_servers
    inputs = fuzz_stack.topics.inputs
    # warm-up: the worker has joined its group and answers before RSS is measured
    warm = [(inputs[0], b"fz-warm", orjson.dumps({**BASE, "event_id": "fz-warm"}))]
    warm_coords = set(asyncio.run(_produce(bootstrap, warm)))
    assert warm_coords <= asyncio.run(_collect(bootstrap, fuzz_stack.topics, warm_coords, 180))["seen"].keys(), \
        "worker did not answer the warm-up event"
    rss_start = _rss(fuzz_stack)

    categories: Counter = Counter()
    records = []
    for i, (cat, key, value) in enumerate(fuzz_messages(FUZZ_MESSAGES, seed=2026)):
        categories[cat] += 1
        records.append((inputs[i % 3], key, value))
    # Two halves: the first warms buffers and caches; memory is bounded if the second adds little.
    half = len(records) // 2
    started = time.monotonic()
    coords = asyncio.run(_produce(bootstrap, records[:half]))
    asyncio.run(_collect(bootstrap, fuzz_stack.topics, set(coords), timeout=600))
    rss_mid = _rss(fuzz_stack)
    coords += asyncio.run(_produce(bootstrap, records[half:]))
    del records
    produced_s = time.monotonic() - started
    result = asyncio.run(_collect(bootstrap, fuzz_stack.topics, set(coords), timeout=600))
    elapsed = time.monotonic() - started
    rss_end = _rss(fuzz_stack)

    seen = result["seen"]
    missing = [c for c in coords if c not in seen]
    duplicates = sum(seen[c] - 1 for c in coords if seen[c] > 1)
    kinds = result["kinds"]
    decided = sum(v for k, v in kinds.items() if k.startswith("decision:"))
    dead = sum(v for k, v in kinds.items() if k.startswith("dead_letter:"))
    print(f"\nfuzz run: {len(coords)} messages produced (in two halves) within {produced_s:.1f} s, all outputs after {elapsed:.1f} s "
          f"({len(coords) / elapsed:.0f} msg/s end to end); decided={decided} dead_lettered={dead} "
          f"missing={len(missing)} duplicates={duplicates}; worker RSS {rss_start / 2**20:.0f} MiB -> "
          f"{rss_mid / 2**20:.0f} MiB (50k) -> {rss_end / 2**20:.0f} MiB (100k)\n  inputs: {dict(sorted(categories.items()))}\n  outputs: {dict(sorted(kinds.items()))}")

    assert fuzz_stack.worker.alive(), "the worker crashed"
    status, _ = fuzz_stack.worker.get("/healthz")
    assert status == 200
    assert not missing, f"{len(missing)} messages without an outcome, e.g. {missing[:5]}"
    assert "dead_letter:core_error" not in kinds, kinds
    assert rss_end - rss_mid < 96 * 2**20, "worker memory keeps growing: +96 MiB over the second 50,000 messages"
    assert rss_end - rss_start < 300 * 2**20, "worker memory grew by more than 300 MiB over the fuzz run"
    samples = metric_samples(fuzz_stack.worker.metrics_url)
    counted = sum(v for k, v in samples.items() if k.startswith("tradescreen_dead_letters_total"))
    assert counted >= dead - duplicates


@pytest.mark.parametrize(("changes", "kind", "words"), [
    ({"padding": "x" * FUZZ_MAX_MESSAGE_BYTES}, "too_large", ["limit is", str(FUZZ_MAX_MESSAGE_BYTES)]),
    ({"consignee": {"name": "N" * 513, "country": "DE"}}, "schema", ["consignee.name", "512"]),
    ({"consignee": {"name": "N", "country": "DE", "address": "a" * 1025}}, "schema", ["consignee.address", "1024"]),
    ({"items": [{"line": 1, "hs_code": "8471", "description": "d" * 2049}]}, "schema", ["description", "2048"]),
    ({"intermediaries": [{"name": "I", "country": "DE"}] * 51}, "schema", ["intermediaries", "50"]),
    ({"items": [{"line": 1, "hs_code": "8471", "description": "d"}] * 1001}, "schema", ["items", "1000"]),
    ({"event_id": "e" * 129}, "schema", ["event_id", "128"]),
])
def test_size_limits_give_a_clear_dead_letter_reason(pipeline: Pipeline, changes: dict, kind: str,
                                                     words: list[str]) -> None:
    doc = check_output(pipeline, orjson.dumps({**BASE, "event_id": "limits", **changes}))
    assert doc.get("error_kind") == kind, doc.get("error_kind")
    assert all(w in doc["error"] for w in words), doc["error"]
