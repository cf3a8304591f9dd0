"""UN Security Council Consolidated List, XML edition (``CONSOLIDATED_LIST``).

Individuals spread their name over ``FIRST_NAME`` … ``FOURTH_NAME`` (given names first);
entities put the whole name in ``FIRST_NAME``. Alias quality is ``Good`` (strong) or
``Low`` (weak, e.g. nicknames); entity aliases carry ``a.k.a.``/``f.k.a.`` instead.
Values often have stray spaces, so every text goes through ``clean``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from lists.parties.model import LoadedList
from lists.sources.common import (
    EntityBuilder,
    ListLoadError,
    clean,
    country_code,
    make_list,
    parse_date,
    parse_xml,
    year_range,
)

LIST_ID = "un_sc"

_ALIAS_QUALITY = {
    "good": ("aka", "strong"),
    "low": ("aka", "weak"),
    "a.k.a.": ("aka", "strong"),
    "f.k.a.": ("fka", "strong"),
    "n.k.a.": ("nka", "strong"),
    "": ("aka", "strong"),
}


def _text(el: Element | None, tag: str) -> str:
    if el is None:
        return ""
    child = el.find(tag)
    return clean(child.text) if child is not None else ""


def _values(el: Element, tag: str) -> list[str]:
    return [v for v in (clean(x.text) for x in el.findall(f"{tag}/VALUE")) if v]


def _birth_dates(rec: Element, b: EntityBuilder) -> None:
    for dob in rec.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _text(dob, "TYPE_OF_DATE").upper()
        found: list[str] = []
        if d := parse_date(_text(dob, "DATE")):
            found.append(d)
        if y := _text(dob, "YEAR"):
            found.extend(v for v in [parse_date(y)] if v)
        if (fy := _text(dob, "FROM_YEAR")) and (ty := _text(dob, "TO_YEAR")):
            found.extend(year_range(fy, ty))
        for d in found:
            b.birth_date(d)
        if kind == "APPROXIMATELY" and found:
            b.prop("birth_date_approximate", "true")


def _address(el: Element) -> str:
    parts = [_text(el, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")]
    return ", ".join(p for p in parts if p)


def _record(rec: Element, schema: str, alias_tag: str, address_tag: str) -> EntityBuilder:
    dataid = _text(rec, "DATAID")
    if not dataid:
        raise ValueError("record without DATAID")
    b = EntityBuilder(id=f"{LIST_ID}:{dataid}", schema=schema, list_id=LIST_ID, source_id=dataid)
    parts = [_text(rec, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    b.name(" ".join(p for p in parts if p))
    b.name(_text(rec, "NAME_ORIGINAL_SCRIPT"), "native", "strong")
    for alias in rec.findall(alias_tag):
        quality = _text(alias, "QUALITY").lower()
        kind, strength = _ALIAS_QUALITY.get(quality, ("aka", "strong"))
        b.name(_text(alias, "ALIAS_NAME"), kind, strength)
    b.program(_text(rec, "UN_LIST_TYPE"))
    b.prop("reference_number", _text(rec, "REFERENCE_NUMBER"))
    b.prop("listed_on", _text(rec, "LISTED_ON"))
    b.prop("gender", _text(rec, "GENDER"))
    for v in _values(rec, "TITLE"):
        b.prop("title", v)
    for v in _values(rec, "DESIGNATION"):
        b.prop("position", v)
    for v in _values(rec, "NATIONALITY"):
        code = country_code(v)
        b.prop("nationality", code or v)
        if code:
            b.country(code, raw_is_code=True)
    for addr in rec.findall(address_tag):
        text = _address(addr)
        b.address(text)
        b.country(_text(addr, "COUNTRY"))
    for pob in rec.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        b.prop("birth_place", _address(pob))
    _birth_dates(rec, b)
    for doc in rec.findall("INDIVIDUAL_DOCUMENT"):
        number = _text(doc, "NUMBER")
        type_ = _text(doc, "TYPE_OF_DOCUMENT") or _text(doc, "TYPE_OF_DOCUMENT2") or "ID"
        country = country_code(_text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE"))
        b.identifier(type_, number, country)
    b.prop("notes", _text(rec, "COMMENTS1"))
    return b


def load_un_xml(path: str | Path) -> LoadedList:
    path = Path(path)
    root = parse_xml(path)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListLoadError(path, f"root element is <{root.tag}>, expected <CONSOLIDATED_LIST> (UN XML)")
    builders: list[EntityBuilder] = []
    try:
        for rec in root.iterfind("INDIVIDUALS/INDIVIDUAL"):
            builders.append(_record(rec, "Person", "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS"))
        for rec in root.iterfind("ENTITIES/ENTITY"):
            builders.append(_record(rec, "Organization", "ENTITY_ALIAS", "ENTITY_ADDRESS"))
    except ValueError as exc:
        raise ListLoadError(path, f"malformed UN record: {exc}") from exc
    generated = root.get("dateGenerated", "")
    return make_list(
        list_id=LIST_ID,
        name="UN Security Council Consolidated List",
        publisher="United Nations Security Council",
        paths=[path],
        entities=(b.build() for b in builders),
        published=parse_date(generated[:10]) if generated else None,
    )
