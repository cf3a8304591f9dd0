"""Decoding and validation at the edge: every bad message becomes an InputError of a known kind."""

from __future__ import annotations

import copy

import orjson
import pytest

from stream.codec import InputError, decode_event, encode_decision
from stream.models import EventType

from tests.support.events import BASE_EVENT


def raw(**changes: object) -> bytes:
    ev = copy.deepcopy(BASE_EVENT)
    ev["event_id"] = "codec-1"
    ev.update(changes)
    return orjson.dumps(ev)


def test_valid_event_decodes_to_typed_model_and_keeps_unknown_fields() -> None:
    ev = decode_event(raw(platform_ref="PO-77", destination_country="de"))
    assert ev.event_type is EventType.CUSTOMS_DECLARATION
    assert ev.destination_country == "DE"
    assert ev.consignee is not None and ev.consignee.role == "consignee"
    assert ev.items[0].hs_code == "8471.30"
    assert ev.extra == {"platform_ref": "PO-77"}
    assert [p.ref for p in ev.parties()] == ["exporter", "consignee", "end_user"]


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (b"", "not_json"),
        (b"{not json", "not_json"),
        (b"\xff\xfe\xfa", "not_utf8"),
        (b"[1,2]", "not_object"),
        (b'"just a string"', "not_object"),
        (b'{"event_id": "x"}', "schema"),
    ],
)
def test_malformed_messages_are_rejected_with_a_kind(payload: bytes, kind: str) -> None:
    with pytest.raises(InputError) as err:
        decode_event(payload)
    assert err.value.kind == kind
    assert str(err.value)


def test_schema_errors_name_the_field_and_keep_the_event_id() -> None:
    with pytest.raises(InputError) as err:
        decode_event(raw(items=[{"line": 1, "hs_code": 854231, "description": "ICs"}]))
    assert err.value.kind == "schema"
    assert "items" in str(err.value) and err.value.event_id == "codec-1"


def test_unknown_country_code_is_invalid_value() -> None:
    with pytest.raises(InputError) as err:
        decode_event(raw(transit_countries=["SG", "ZZ"]))
    assert err.value.kind == "invalid_value" and "transit_countries[1]" in str(err.value)


def test_oversized_message_is_rejected_before_parsing() -> None:
    with pytest.raises(InputError) as err:
        decode_event(b" " * 2048 + raw(), max_bytes=1024)
    assert err.value.kind == "too_large"


def test_field_size_limits_are_enforced() -> None:
    big = copy.deepcopy(BASE_EVENT["consignee"])
    big["name"] = "A" * 513
    with pytest.raises(InputError) as err:
        decode_event(raw(consignee=big))
    assert err.value.kind == "schema" and "consignee" in str(err.value)


def test_deep_nesting_does_not_crash_the_decoder() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(InputError):
        decode_event(deep)


def test_blank_party_name_is_invalid() -> None:
    with pytest.raises(InputError) as err:
        decode_event(raw(consignee={"name": "   ", "country": "DE"}))
    assert err.value.kind == "invalid_value"


def test_decision_encoding_round_trips(tmp_path) -> None:
    from stream.core import Screener

    ev = decode_event(raw())
    decision = Screener(checks=[]).screen(ev)
    doc = orjson.loads(encode_decision(decision))
    assert doc["event_id"] == "codec-1" and doc["decision"] == "RELEASE" and doc["reasons"] == []
