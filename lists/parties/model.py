"""One party model for every list, in the FollowTheMoney spirit.

Every loader (OFAC, UN, UK, EU, BIS, CSL, OpenSanctions, METI, user lists) turns
its file into ``ListedEntity`` values; normalisation, indexing and matching only
ever see this model. Every property is multi-valued because real entries carry
many names, countries, addresses and identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft")


@dataclass(frozen=True, slots=True)
class ListedName:
    """A name of a listed entity.

    kind: ``primary`` | ``aka`` | ``fka`` | ``nka`` | ``native`` (original script) | ``variation``
    quality: ``strong`` | ``weak`` (OFAC weak aliases, UN "Low" quality, UK "Low" alias quality)
    """

    value: str
    kind: str = "primary"
    quality: str = "strong"


@dataclass(frozen=True, slots=True)
class ListedIdentifier:
    type: str  # e.g. "IMO", "Passport", "Registration ID", "Tax ID"
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ListedEntity:
    id: str  # stable across snapshots: "<list_id>:<source record id>"
    schema: str  # one of SCHEMAS
    list_id: str  # e.g. "us_ofac_sdn"
    names: tuple[ListedName, ...]
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case
    addresses: tuple[str, ...] = ()
    identifiers: tuple[ListedIdentifier, ...] = ()
    birth_dates: tuple[str, ...] = ()  # ISO dates, possibly partial ("1961", "1961-04")
    programs: tuple[str, ...] = ()
    source_id: str = ""
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # anything else, multi-valued


@dataclass(frozen=True, slots=True)
class ListSource:
    """Where a loaded list came from: enough to reproduce a decision later."""

    list_id: str  # "us_ofac_sdn", "un_sc", "uk_ofsi", "eu_fsf", "us_bis_dpl", "us_csl", "os_ua_war", "jp_meti_eul", "user:<name>"
    name: str  # human name, e.g. "OFAC Specially Designated Nationals"
    publisher: str
    published: str  # ISO date the file reflects
    path: str
    sha256: str
    entity_count: int
    name_count: int


@dataclass(frozen=True, slots=True)
class LoadedList:
    source: ListSource
    entities: tuple[ListedEntity, ...]
