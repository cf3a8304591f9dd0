"""Realistic sample traffic for the demo, the benchmark and the end-to-end tests.

A seeded generator of events as a logistics platform would send them: mostly
clean shipments from Japanese exporters to Group A customers, some to other
destinations, a share of embargoed destinations (North Korea, occupied regions
of Ukraine by region code or only by address text), listed parties taken from
the real lists when given, and malformed messages of every kind the worker must
dead-letter. Names of the clean parties are invented, not taken from any list.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import orjson

EXPORTERS = (
    ("Hoshino Precision Industries Co., Ltd.", "Osaka, Kita-ku, Umeda 2-4-9"),
    ("Kawabe Seimitsu Kogyo K.K.", "Nagoya, Atsuta-ku, Jingu 3-1-7"),
    ("Minatomirai Optical Systems Inc.", "Yokohama, Nishi-ku, Minatomirai 4-6-2"),
    ("Sakuragawa Chemical Trading Co., Ltd.", "Tokyo, Chuo-ku, Nihonbashi 1-13-1"),
    ("Tsurumi Electronic Components Ltd.", "Kawasaki, Tsurumi-ku, Suehiro-cho 2-1"),
)
CLEAN_CONSIGNEES = (
    ("Lindqvist Maskin AB", "SE", "Industrigatan 14, Gothenburg"),
    ("Brauer Feinmechanik GmbH", "DE", "Werkstrasse 22, Stuttgart"),
    ("Northfield Instruments LLC", "US", "1200 Commerce Dr, Columbus OH"),
    ("Atelier Duret SARL", "FR", "12 rue des Forges, Lyon"),
    ("Hanbit Components Co., Ltd.", "KR", "45 Gasan digital 1-ro, Seoul"),
    ("Van Rijn Logistics B.V.", "NL", "Havenweg 8, Rotterdam"),
    ("Kestrel Aerostructures Pty Ltd", "AU", "5 Hangar Rd, Adelaide"),
    ("Tomasz Wiśniewski Sp. z o.o.", "PL", "ul. Fabryczna 3, Łódź"),
)
OTHER_CONSIGNEES = (
    ("Phuoc Long Garment Co.", "VN", "Lot 7, Tan Binh Industrial Park, Ho Chi Minh City"),
    ("Rio Claro Agro Ltda.", "BR", "Av. Paulista 900, São Paulo"),
    ("Sunrise Textile Mills Pvt. Ltd.", "IN", "Plot 12, MIDC, Pune"),
    ("Nairobi Fresh Produce Ltd", "KE", "Enterprise Rd, Nairobi"),
)
EMBARGO_CASES: tuple[dict[str, Any], ...] = (
    {"destination_country": "KP", "consignee": ("Pyongyang Trading Corporation", "KP", "Pyongyang")},
    {"destination_country": "UA", "destination_region": "UA-14",
     "consignee": ("Promtekh Supply", "UA", "vul. Artema 120, Donetsk")},
    {"destination_country": "UA", "consignee": ("Vostok Komplekt", "UA", "ул. Советская 5, Луганск")},
    {"destination_country": "UA", "destination_region": "UA-43",
     "consignee": ("Krym Marine Service", "UA", "Sevastopol, ul. Lenina 4")},
)
CLEAN_GOODS = (
    ("847130", "Portable laptop computers"),
    ("610910", "Cotton T-shirts"),
    ("940360", "Wooden office furniture"),
    ("330499", "Skin care preparations"),
    ("950300", "Toys: puzzles"),
    ("090210", "Green tea, in packings <= 3 kg"),
)
MALFORMED: tuple[bytes, ...] = (
    b"this is not json",
    b'{"event_id": "broken-1", "event_type": "order"',
    b"[1, 2, 3]",
    b'{"event_id": "missing-fields"}',
    b'{"event_id": "bad-type", "event_type": "invoice", "occurred_at": "2026-01-01T00:00:00Z"}',
    b"\xff\xfe\x00garbage",
)


@dataclass(frozen=True, slots=True)
class Sample:
    topic_kind: str  # customs | orders | tech
    key: bytes
    value: bytes
    expect: str  # RELEASE | HOLD | DEAD_LETTER | ANY (depends on lists)


def _party(name: str, country: str, address: str | None = None) -> dict[str, Any]:
    p: dict[str, Any] = {"name": name, "country": country}
    if address:
        p["address"] = address
    return p


class SampleGenerator:
    """Deterministic for a seed. ``listed_names``: (name, country) pairs from real lists."""

    def __init__(
        self,
        seed: int = 7,
        *,
        listed_names: Sequence[tuple[str, str | None]] = (),
        embargo_share: float = 0.08,
        malformed_share: float = 0.05,
        listed_share: float = 0.05,
        other_share: float = 0.15,
        prefix: str = "evt",
    ) -> None:
        self.rng = random.Random(seed)
        self.listed_names = list(listed_names)
        self.embargo_share = embargo_share
        self.malformed_share = malformed_share
        self.listed_share = listed_share if self.listed_names else 0.0
        self.other_share = other_share
        self.prefix = prefix
        self.counter = 0

    def _base(self, event_id: str, event_type: str) -> dict[str, Any]:
        rng = self.rng
        exporter = rng.choice(EXPORTERS)
        goods = rng.sample(CLEAN_GOODS, k=rng.randint(1, 3))
        return {
            "event_id": event_id,
            "event_type": event_type,
            "occurred_at": f"2026-11-{rng.randint(1, 22):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+09:00",
            "exporter": _party(exporter[0], "JP", exporter[1]),
            "intermediaries": [],
            "transit_countries": [],
            "items": [
                {"line": i + 1, "hs_code": hs, "description": desc, "quantity": rng.randint(1, 500),
                 "value": round(rng.uniform(1000, 90000), 2), "currency": "JPY"}
                for i, (hs, desc) in enumerate(goods)
            ],
            "end_use": {"category": "civil", "text": "resale to commercial customers"},
        }

    def next(self) -> Sample:
        self.counter += 1
        event_id = f"{self.prefix}-{self.counter:07d}"
        rng = self.rng
        roll = rng.random()
        topic_kind = rng.choice(("customs", "orders"))
        event_type = "customs_declaration" if topic_kind == "customs" else "order"
        if roll < self.malformed_share:
            return Sample(topic_kind, event_id.encode(), rng.choice(MALFORMED), "DEAD_LETTER")
        ev = self._base(event_id, event_type)
        roll -= self.malformed_share
        if roll < self.embargo_share:
            case = rng.choice(EMBARGO_CASES)
            name, country, address = case["consignee"]
            ev["consignee"] = _party(name, country, address)
            ev["end_user"] = None
            ev["destination_country"] = case["destination_country"]
            if "destination_region" in case:
                ev["destination_region"] = case["destination_region"]
            expect = "HOLD"
        elif roll < self.embargo_share + self.listed_share:
            name, country = rng.choice(self.listed_names)
            dest = country if country and len(country) == 2 else "AE"
            ev["consignee"] = _party(name, dest)
            ev["end_user"] = None
            ev["destination_country"] = dest
            expect = "HOLD"
        elif roll < self.embargo_share + self.listed_share + self.other_share:
            name, country, address = rng.choice(OTHER_CONSIGNEES)
            ev["consignee"] = _party(name, country, address)
            ev["end_user"] = _party(name, country, address)
            ev["destination_country"] = country
            expect = "RELEASE"
        else:
            name, country, address = rng.choice(CLEAN_CONSIGNEES)
            ev["consignee"] = _party(name, country, address)
            ev["end_user"] = _party(name, country, address)
            ev["destination_country"] = country
            expect = "RELEASE"
        return Sample(topic_kind, event_id.encode(), orjson.dumps(ev), expect)

    def __iter__(self) -> Iterator[Sample]:
        while True:
            yield self.next()

    def take(self, n: int) -> list[Sample]:
        return [self.next() for _ in range(n)]
