"""A clean, valid event in the published contract, for tests to copy and vary.

Group A destination, invented parties that are on no list, goods outside every
list and ban: with the default bundle and all lists it is a RELEASE.
"""

from __future__ import annotations

import copy
from typing import Any

BASE_EVENT: dict[str, Any] = {
    "event_id": "",
    "event_type": "customs_declaration",
    "occurred_at": "2026-11-20T09:30:00+09:00",
    "exporter": {"name": "Hoshino Precision Industries Co., Ltd.", "country": "JP", "address": "Osaka, Kita-ku"},
    "consignee": {"name": "Brauer Feinmechanik GmbH", "country": "DE", "address": "Werkstrasse 22, Stuttgart"},
    "end_user": {"name": "Brauer Feinmechanik GmbH", "country": "DE"},
    "intermediaries": [],
    "destination_country": "DE",
    "transit_countries": [],
    "items": [{"line": 1, "hs_code": "8471.30", "description": "Laptop computers", "quantity": 10,
               "value": 1500000, "currency": "JPY"}],
    "end_use": {"category": "civil", "text": "office equipment"},
}


def event(event_id: str, **changes: Any) -> dict[str, Any]:
    """A deep copy of the base event with its id set and top-level fields replaced."""
    ev = copy.deepcopy(BASE_EVENT)
    ev["event_id"] = event_id
    ev.update(changes)
    return ev
