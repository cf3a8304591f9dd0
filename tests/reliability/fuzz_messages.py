"""Cheap generator of hostile and odd input messages for the fuzz run (and the soak's bad-input share).

Every category from the issue: random bytes, truncated JSON, wrong types, huge
strings, deep nesting, invalid UTF-8 and lone surrogates, control characters,
homoglyph-laden names, missing parties, unknown countries, HS codes of the
wrong length; plus valid events so the screening path is exercised too.
Generation is a few dict edits and one ``orjson.dumps`` per message.
"""

from __future__ import annotations

import copy
import random
from typing import Any, Callable, Iterator

import orjson

from tests.support.events import BASE_EVENT

BASE: dict[str, Any] = BASE_EVENT

#: Latin names written with Cyrillic/Greek look-alikes, zero-width and bidi characters.
HOMOGLYPH_NAMES = (
    "Коrеа Куоngsоng Тrаding",  # Cyrillic К о р е а mixed with Latin
    "ΚΟΡΕΑ ΤΑΕSΟΝG ΒΑΝΚ",  # Greek capitals
    "Ro\u200bsoboron\u200dexport",
    "\u202eTIBRAVIA\u202c Holdings",
    "Ｓｅｖｍａｓｈ ＰＪＳＣ",  # full-width
    "Hamas\u0301 Tr\u0327ading",
    "Ꭺꮃ Ⲛⲟⲣⲧⲏ Ⲕⲟⲣⲉⲁ",
    "IRAN\u00a0ELECTRONICS\u2003INDUSTRIES",
)
CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f\u0085\u2028\u2029\ufeff\ufffe"


def _event(rng: random.Random, event_id: str) -> dict[str, Any]:
    ev = copy.deepcopy(BASE)
    ev["event_id"] = event_id
    return ev


def _valid(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    ev["destination_country"] = rng.choice(["DE", "US", "KP", "RU", "UA", "CN", "FR", "IR"])
    ev["consignee"]["country"] = ev["destination_country"]
    return orjson.dumps(ev)


def _homoglyph(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    ev["consignee"]["name"] = rng.choice(HOMOGLYPH_NAMES)
    ev["end_user"] = {"name": rng.choice(HOMOGLYPH_NAMES), "country": rng.choice(["KP", "IR", "RU", "DE"])}
    return orjson.dumps(ev)


def _control_chars(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    noise = "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 20)))
    ev["consignee"]["name"] = f"Brauer{noise}Feinmechanik"
    ev["consignee"]["address"] = noise
    ev["items"][0]["description"] = noise + "laptop"
    return orjson.dumps(ev)


def _random_bytes(rng: random.Random, eid: str) -> bytes:
    return rng.randbytes(rng.randint(0, 2048))


def _truncated(rng: random.Random, eid: str) -> bytes:
    raw = orjson.dumps(_event(rng, eid))
    return raw[: rng.randint(0, len(raw) - 1)]


def _wrong_types(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    field = rng.choice(["exporter", "consignee", "items", "destination_country", "occurred_at", "event_type",
                        "intermediaries", "transit_countries", "end_use", "event_id"])
    ev[field] = rng.choice([None, 42, -1.5, True, "string", [], {}, [1, 2], {"a": None}])
    if rng.random() < 0.3:
        ev["items"] = [{"line": "one", "hs_code": 8471, "description": None, "quantity": "ten"}]
    return orjson.dumps(ev)


def _huge_string(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    size = rng.choice([600, 5_000, 50_000, 200_000])
    target = rng.choice(["consignee.name", "consignee.address", "items.description", "extra"])
    blob = "A" * size
    if target == "consignee.name":
        ev["consignee"]["name"] = blob
    elif target == "consignee.address":
        ev["consignee"]["address"] = blob
    elif target == "items.description":
        ev["items"][0]["description"] = blob
    else:
        ev["notes"] = blob
    return orjson.dumps(ev)


def _deep_nesting(rng: random.Random, eid: str) -> bytes:
    depth = rng.choice([50, 500, 5_000, 50_000])
    inner = b"[" * depth + b"]" * depth
    return b'{"event_id":"' + eid.encode() + b'","extra":' + inner + b"}"


def _bad_unicode(rng: random.Random, eid: str) -> bytes:
    raw = orjson.dumps(_event(rng, eid))
    bad = rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\\ud800", b"\\udfff\\ud800"])
    i = raw.index(b"Brauer")
    return raw[:i] + bad + raw[i:]


def _missing_parties(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    for f in rng.sample(["exporter", "consignee", "end_user", "items"], rng.randint(1, 3)):
        ev.pop(f, None)
    if rng.random() < 0.5:
        ev["end_user"] = None
    return orjson.dumps(ev)


def _unknown_country(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    code = rng.choice(["QQ", "ZZ", "XX", "AA", "Germany", "de-DE", "", "D", "UA-99"])
    where = rng.choice(["destination_country", "consignee", "transit", "region"])
    if where == "destination_country":
        ev["destination_country"] = code
    elif where == "consignee":
        ev["consignee"]["country"] = code
    elif where == "transit":
        ev["transit_countries"] = ["CN", code]
    else:
        ev["destination_region"] = code + "-1"
    return orjson.dumps(ev)


def _hs_wrong_length(rng: random.Random, eid: str) -> bytes:
    ev = _event(rng, eid)
    ev["items"][0]["hs_code"] = rng.choice(["8", "84", "847", "84713", "8471300000000", "8471.30.00.00.99", "abcd",
                                            "84.71", "９９９９", "0000", " 8471 ", "8471.3O"])
    return orjson.dumps(ev)


CATEGORIES: dict[str, Callable[[random.Random, str], bytes]] = {
    "valid": _valid,
    "homoglyph": _homoglyph,
    "control_chars": _control_chars,
    "hs_wrong_length": _hs_wrong_length,
    "random_bytes": _random_bytes,
    "truncated": _truncated,
    "wrong_types": _wrong_types,
    "huge_string": _huge_string,
    "deep_nesting": _deep_nesting,
    "bad_unicode": _bad_unicode,
    "missing_parties": _missing_parties,
    "unknown_country": _unknown_country,
}
#: Relative frequencies: mostly cheap invalid input (the CI run must stay short on 2 cores); the
#: screening path is fuzzed harder in-process by the hypothesis properties.
WEIGHTS: dict[str, float] = {
    "valid": 1.5, "homoglyph": 1.5, "control_chars": 1.5, "hs_wrong_length": 1.5,
    "random_bytes": 14, "truncated": 14, "wrong_types": 14, "huge_string": 1,
    "deep_nesting": 2, "bad_unicode": 12, "missing_parties": 14, "unknown_country": 14,
}


def fuzz_messages(n: int, seed: int = 0, prefix: str = "fz") -> Iterator[tuple[str, bytes, bytes]]:
    """``n`` messages as (category, key, value); keys are unique."""
    rng = random.Random(seed)
    names = list(CATEGORIES)
    weights = [WEIGHTS[c] for c in names]
    for i, cat in enumerate(rng.choices(names, weights, k=n)):
        eid = f"{prefix}-{i}"
        yield cat, eid.encode(), CATEGORIES[cat](rng, eid)
