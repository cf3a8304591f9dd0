"""Small builders for hand-made events in rule tests (real bundle, real HS file, no mocks)."""

from __future__ import annotations

from typing import Any

from stream.models import EndUse, Event, EventType, Item, Party


def party(role: str, name: str, country: str, *, address: str | None = None, region: str | None = None,
          index: int = 0) -> Party:
    return Party(role=role, name=name, country=country, address=address, region=region, index=index)


def item(line: int = 1, hs: str = "8481.80", description: str = "industrial valves", **kw: Any) -> Item:
    return Item(line=line, hs_code=hs, description=description, quantity=kw.pop("quantity", 10),
                value=kw.pop("value", 100000), currency=kw.pop("currency", "JPY"), **kw)


def event(dest: str = "TH", *, items: tuple[Item, ...] | None = None, consignee_country: str | None = None,
          consignee_address: str | None = None, end_user: Party | None = None, transit: tuple[str, ...] = (),
          region: str | None = None, end_use: EndUse | None = None, intermediaries: tuple[Party, ...] = (),
          event_type: str = "customs_declaration", residency: str | None = None,
          specified: str | None = None) -> Event:
    return Event(
        event_id="t-1",
        event_type=EventType(event_type),
        occurred_at="2026-11-23T10:00:00Z",
        exporter=party("exporter", "Hoshizora Kiki K.K.", "JP", address="2-1 Marunouchi, Chiyoda-ku, Tokyo"),
        consignee=party("consignee", "Siam Precision Parts Co., Ltd.", consignee_country or dest,
                        address=consignee_address),
        end_user=end_user,
        intermediaries=intermediaries,
        destination_country=dest,
        destination_region=region,
        transit_countries=transit,
        items=items if items is not None else (item(),),
        end_use=end_use,
        recipient_residency=residency,
        recipient_specified_category=specified,
    )
