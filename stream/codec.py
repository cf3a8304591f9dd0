"""Bytes ⇄ contract objects: decode and validate events, encode decisions and dead letters.

Validation happens once, at the edge, against the published JSON Schema
(``stream/contracts/event.schema.json``) compiled by fastjsonschema, so the core
can trust its input. Everything that goes wrong here is an ``InputError`` with a
``kind`` from a small fixed set: it becomes a dead-letter record and a metric
label, never a crash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

import fastjsonschema
import orjson

from stream import __version__
from stream.core import utc_now_iso
from stream.models import Decision, EndUse, Event, EventType, Identifier, Item, Party

CONTRACTS = Path(__file__).resolve().parent / "contracts"
MAX_MESSAGE_BYTES = 1 << 20
"""Messages above this are dead-lettered unparsed: a 1 MiB trade event is already absurd."""

_KNOWN_TOP_LEVEL = frozenset(
    {
        "event_id", "event_type", "occurred_at", "exporter", "consignee", "end_user", "intermediaries",
        "destination_country", "destination_region", "transit_countries", "items", "end_use",
        "recipient_residency", "recipient_specified_category",
    }
)


_VOLATILE_DECISION_FIELDS = frozenset({"screened_at", "latency_ms", "source", "decision_id"})
"""Decision fields that legitimately differ when the same event is screened twice."""


class InputError(ValueError):
    """An input message that cannot become an ``Event``.

    kind: too_large | not_utf8 | not_json | not_object | schema | invalid_value
    """

    def __init__(self, kind: str, message: str, event_id: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.event_id = event_id


@functools.cache
def _event_validator() -> Any:
    schema = orjson.loads((CONTRACTS / "event.schema.json").read_bytes())
    return fastjsonschema.compile(schema)


@functools.cache
def country_codes() -> frozenset[str]:
    return frozenset(orjson.loads((CONTRACTS / "iso3166_1.json").read_bytes())["codes"])


def _country(value: str, where: str, event_id: str | None) -> str:
    code = value.upper()
    if code not in country_codes():
        raise InputError("invalid_value", f"{where}: unknown ISO 3166-1 country code {value!r}", event_id)
    return code


def _region(value: str | None, where: str, event_id: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    _country(code[:2], where, event_id)
    return code


def _party(raw: Mapping[str, Any] | None, role: str, index: int, event_id: str | None) -> Party | None:
    if raw is None:
        return None
    where = f"intermediaries[{index}]" if role == "intermediary" else role
    name = raw["name"].strip()
    if not name:
        raise InputError("invalid_value", f"{where}.name is blank", event_id)
    return Party(
        role=role,
        name=name,
        country=_country(raw["country"], f"{where}.country", event_id),
        address=raw.get("address") or None,
        region=_region(raw.get("region"), f"{where}.region", event_id),
        identifiers=tuple(
            Identifier(i["type"], i["value"], (i.get("country") or None) and i["country"].upper())
            for i in raw.get("identifiers") or ()
        ),
        schema=raw.get("schema"),
        birth_date=raw.get("birth_date"),
        index=index,
    )


def event_from_json(doc: Any) -> Event:
    """Validate a decoded JSON document against the event contract and build the ``Event``."""
    if not isinstance(doc, dict):
        raise InputError("not_object", f"event must be a JSON object, got {type(doc).__name__}")
    raw_id = doc.get("event_id")
    event_id = raw_id if isinstance(raw_id, str) and 0 < len(raw_id) <= 128 else None
    try:
        _event_validator()(doc)
    except fastjsonschema.JsonSchemaValueException as exc:
        path = ".".join(str(p) for p in (exc.path or [])[1:]) or "(event)"
        raise InputError("schema", f"{path}: {exc.message}"[:500], event_id) from None
    end_use = doc.get("end_use")
    return Event(
        event_id=doc["event_id"],
        event_type=EventType(doc["event_type"]),
        occurred_at=doc["occurred_at"],
        exporter=_party(doc["exporter"], "exporter", 0, event_id),
        consignee=_party(doc["consignee"], "consignee", 0, event_id),
        end_user=_party(doc.get("end_user"), "end_user", 0, event_id),
        intermediaries=tuple(
            p for i, raw in enumerate(doc.get("intermediaries") or ())
            if (p := _party(raw, "intermediary", i, event_id)) is not None
        ),
        destination_country=_country(doc["destination_country"], "destination_country", event_id),
        destination_region=_region(doc.get("destination_region"), "destination_region", event_id),
        transit_countries=tuple(
            _country(c, f"transit_countries[{i}]", event_id) for i, c in enumerate(doc.get("transit_countries") or ())
        ),
        items=tuple(
            Item(
                line=it["line"],
                hs_code=it["hs_code"],
                description=it["description"],
                quantity=it.get("quantity"),
                value=it.get("value"),
                currency=(it.get("currency") or None) and it["currency"].upper(),
                control_list_item=(it.get("control_list_item") or "").strip() or None,
                eccn=it.get("eccn") or None,
                license_no=(it.get("license_no") or "").strip() or None,
            )
            for it in doc["items"]
        ),
        end_use=EndUse(end_use.get("category"), end_use.get("text")) if end_use else None,
        recipient_residency=doc.get("recipient_residency"),
        recipient_specified_category=doc.get("recipient_specified_category"),
        extra={k: v for k, v in doc.items() if k not in _KNOWN_TOP_LEVEL},
    )


def decode_event(raw: bytes | None, *, max_bytes: int = MAX_MESSAGE_BYTES) -> Event:
    """Bytes of one Kafka message → validated ``Event``; raises ``InputError``."""
    if raw is None:
        raise InputError("not_json", "message has no value (tombstone)")
    if len(raw) > max_bytes:
        raise InputError("too_large", f"message is {len(raw)} bytes, limit is {max_bytes}")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        kind = "not_utf8" if "utf-8" in str(exc).lower() else "not_json"
        raise InputError(kind, f"not valid JSON: {exc}"[:500]) from None
    return event_from_json(doc)


def decision_id(doc: Mapping[str, Any]) -> str:
    """Content hash of a decision without its volatile fields (time, latency, input coordinates).

    At-least-once delivery means an event can be screened twice (a crash after
    the decision was sent but before the input offset was committed). The two
    decisions then carry the same ``decision_id``, so a consumer recognises the
    second as a duplicate by comparing ids. A different id for the same
    ``event_id`` means the content differs (e.g. the lists were updated in
    between): that is a new decision, not a duplicate.
    """
    stable = {k: v for k, v in doc.items() if k not in _VOLATILE_DECISION_FIELDS}
    return hashlib.sha256(orjson.dumps(stable, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def encode_decision(decision: Decision) -> bytes:
    doc = decision.to_json()
    doc["decision_id"] = decision_id(doc)
    return orjson.dumps(doc)


def dead_letter_record(
    *,
    kind: str,
    error: str,
    original: bytes | None,
    key: bytes | None,
    topic: str,
    partition: int,
    offset: int,
    event_id: str | None = None,
    now: datetime | None = None,
    keep_bytes: int = MAX_MESSAGE_BYTES,
) -> bytes:
    """The dead-letter JSON: enough to find, understand and replay the original message."""
    original = original or b""
    return orjson.dumps(
        {
            "error_kind": kind,
            "error": error,
            "event_id": event_id,
            "topic": topic,
            "partition": partition,
            "offset": offset,
            "key_b64": base64.b64encode(key).decode() if key is not None else None,
            "original_b64": base64.b64encode(original[:keep_bytes]).decode(),
            "original_size": len(original),
            "received_at": utc_now_iso(now),
            "service_version": __version__,
        }
    )
