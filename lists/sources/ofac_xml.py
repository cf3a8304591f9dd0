"""OFAC list in its XML edition (``sdn.xml`` / ``consolidated.xml``, namespaced ``sdnList``).

Unlike the CSV edition the XML is structured, and it is the only free OFAC edition
that says which aliases are *weak* (``aka/category``). Identifier-like items in
``idList`` also carry notes ("Secondary sanctions risk:", directive dates, websites);
they go through the same label table as CSV Remarks so both editions yield the same
properties.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from lists.parties.model import LoadedList
from lists.sources.common import EntityBuilder, ListLoadError, clean, local, make_list, parse_date, parse_xml
from lists.sources.ofac_csv import parse_birth_dates, parse_remark, parse_remarks

SCHEMA_BY_TYPE = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Aircraft"}
ALIAS_KIND = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}


def _strip_ns(root: Element) -> None:
    """Drop namespaces in place: OFAC has moved its XML namespace before; tag names are stable."""
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = local(el.tag)


def _t(el: Element | None, tag: str) -> str:
    if el is None:
        return ""
    child = el.find(tag)
    return clean(child.text) if child is not None else ""


def _person_name(el: Element, schema: str) -> str:
    last, first = _t(el, "lastName"), _t(el, "firstName")
    if first and last:
        return f"{last}, {first}"  # the CSV edition's "SURNAME, Given Names"
    return last or first


def load_ofac_xml(path: str | Path, *, list_id: str | None = None) -> LoadedList:
    path = Path(path)
    root = parse_xml(path)
    if local(root.tag) != "sdnList":
        raise ListLoadError(path, f"root element is <{local(root.tag)}>, expected <sdnList> (OFAC XML)")
    _strip_ns(root)
    # sdn.xml -> SDN list; consolidated.xml (non-SDN) -> us_ofac_cons
    lid = list_id or ("us_ofac_sdn" if path.name.lower().startswith("sdn") else "us_ofac_cons")
    published = parse_date(_t(root.find("publshInformation"), "Publish_Date"), day_first=False)
    builders: list[EntityBuilder] = []
    for entry in root.iterfind("sdnEntry"):
        uid = _t(entry, "uid")
        if not uid:
            raise ListLoadError(path, "sdnEntry without uid")
        schema = SCHEMA_BY_TYPE.get(_t(entry, "sdnType").lower(), "Organization")
        b = EntityBuilder(id=f"{lid}:{uid}", schema=schema, list_id=lid, source_id=uid)
        b.name(_person_name(entry, schema))
        for aka in entry.iterfind("akaList/aka"):
            kind = ALIAS_KIND.get(_t(aka, "type").lower(), "aka")
            quality = "weak" if _t(aka, "category").lower() == "weak" else "strong"
            b.name(_person_name(aka, schema), kind, quality)
        for prog in entry.iterfind("programList/program"):
            b.program(prog.text)
        b.prop("position", _t(entry, "title"))
        for item in entry.iterfind("dateOfBirthList/dateOfBirthItem"):
            dates, ok = parse_birth_dates(_t(item, "dateOfBirth"))
            for d in dates:
                b.birth_date(d)
            if not ok:
                b.prop("birth_date_text", _t(item, "dateOfBirth"))
        for item in entry.iterfind("placeOfBirthList/placeOfBirthItem"):
            b.prop("birth_place", _t(item, "placeOfBirth"))
        for tag, prop in (("nationalityList/nationality", "nationality"), ("citizenshipList/citizenship", "citizenship")):
            for item in entry.iterfind(tag):
                parse_remark(f"{'nationality' if prop == 'nationality' else 'citizen'} {_t(item, 'country')}", b)
        for addr in entry.iterfind("addressList/address"):
            parts = [_t(addr, t) for t in ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")]
            b.address(", ".join(p for p in parts if p))
            b.country(_t(addr, "country"))
        for ident in entry.iterfind("idList/id"):
            type_, number, country = _t(ident, "idType"), _t(ident, "idNumber"), _t(ident, "idCountry")
            text = f"{type_} {number}" + (f" ({country})" if country else "")
            parse_remark(text.strip(), b)
        vessel = entry.find("vesselInfo")
        if vessel is not None:
            b.identifier("Call Sign", _t(vessel, "callSign"))
            b.prop("vessel_type", _t(vessel, "vesselType"))
            b.prop("flag", _t(vessel, "vesselFlag"))
            b.prop("owner", _t(vessel, "vesselOwner"))
            b.prop("tonnage", _t(vessel, "tonnage"))
            b.prop("gross_registered_tonnage", _t(vessel, "grossRegisteredTonnage"))
        parse_remarks(_t(entry, "remarks"), b)
        builders.append(b)
    return make_list(
        list_id=lid,
        name="OFAC Specially Designated Nationals (SDN) List" if lid == "us_ofac_sdn"
        else "OFAC Consolidated (non-SDN) Sanctions List",
        publisher="US Treasury, Office of Foreign Assets Control",
        paths=[path],
        entities=(b.build() for b in builders),
        published=published,
    )
