"""EU Consolidated Financial Sanctions List (FSF), official XML export.

Layout (namespace ``http://eu.europa.ec/fpi/fsd/export``): ``export@generationDate``,
then one ``sanctionEntity`` (``logicalId``, ``euReferenceNumber``, ``unitedNationId``)
per listing with ``regulation@programme``, ``subjectType@code`` (person / enterprise…),
``nameAlias`` (``wholeName``, ``strong``, ``nameLanguage``, ``function``, ``gender``),
``citizenship``, ``birthdate``, ``identification`` and ``address`` elements whose data
sit in attributes. Ids are ``eu_fsf:<logicalId>`` — the same ids the merged-JSON loader
gives, so the two EU sources describe the same records.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from lists.parties.model import LoadedList
from lists.sources.common import (
    EntityBuilder,
    ListLoadError,
    clean,
    is_latin,
    local,
    make_list,
    parse_date,
    parse_xml,
)

LIST_ID = "eu_fsf"
NS = "http://eu.europa.ec/fpi/fsd/export"
SCHEMA_BY_SUBJECT = {"person": "Person", "enterprise": "Organization", "organisation": "Organization",
                     "organization": "Organization", "vessel": "Vessel", "aircraft": "Aircraft"}
IDENTIFICATION_TYPES = {"passport": "Passport", "id": "National ID", "regnumber": "Registration ID",
                        "fiscalcode": "Tax ID", "imo": "IMO", "swiftbic": "SWIFT/BIC", "other": "Other ID"}


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if isinstance(c.tag, str) and local(c.tag) == name]


def _a(el: Element, attr: str) -> str:
    return clean(el.get(attr))


def load_eu_xml(path: str | Path) -> LoadedList:
    path = Path(path)
    root = parse_xml(path)
    if local(root.tag) != "export":
        raise ListLoadError(path, f"root element is <{local(root.tag)}>, expected <export> (EU FSF XML)")
    builders: list[EntityBuilder] = []
    for ent in _children(root, "sanctionEntity"):
        lid = _a(ent, "logicalId")
        if not lid:
            raise ListLoadError(path, "sanctionEntity without logicalId")
        subject = next(iter(_children(ent, "subjectType")), None)
        code = _a(subject, "code").lower() if subject is not None else ""
        b = EntityBuilder(id=f"{LIST_ID}:{lid}", schema=SCHEMA_BY_SUBJECT.get(code, "LegalEntity"),
                          list_id=LIST_ID, source_id=lid)
        b.prop("reference_number", _a(ent, "euReferenceNumber"))
        b.prop("un_reference_number", _a(ent, "unitedNationId"))
        for i, alias in enumerate(_children(ent, "nameAlias")):
            whole = _a(alias, "wholeName") or " ".join(
                p for p in (_a(alias, "firstName"), _a(alias, "middleName"), _a(alias, "lastName")) if p)
            quality = "weak" if _a(alias, "strong").lower() == "false" else "strong"
            kind = "primary" if i == 0 else ("aka" if is_latin(whole) else "native")
            b.name(whole, kind, quality)
            b.prop("position", _a(alias, "function"))
            b.prop("gender", _a(alias, "gender"))
            b.prop("title", _a(alias, "title"))
        for reg in _children(ent, "regulation"):
            b.program(_a(reg, "programme"))
            b.prop("regulation", _a(reg, "numberTitle"))
            b.prop("listed_on", _a(reg, "publicationDate"))
        for cit in _children(ent, "citizenship"):
            code = b.country(_a(cit, "countryIso2Code"), raw_is_code=True) or b.country(_a(cit, "countryDescription"))
            b.prop("nationality", code)
        for bd in _children(ent, "birthdate"):
            b.birth_date(parse_date(_a(bd, "birthdate")) or parse_date(_a(bd, "year")))
            place = ", ".join(p for p in (_a(bd, "city"), _a(bd, "place"), _a(bd, "countryDescription")) if p)
            b.prop("birth_place", place)
        for ident in _children(ent, "identification"):
            type_code = _a(ident, "identificationTypeCode").lower()
            type_ = IDENTIFICATION_TYPES.get(type_code) or _a(ident, "identificationTypeDescription") or "ID"
            country = _a(ident, "countryIso2Code").upper()
            b.identifier(type_, _a(ident, "number") or _a(ident, "latinNumber"),
                         country if len(country) == 2 and country != "00" else None)
        for addr in _children(ent, "address"):
            parts = [_a(addr, k) for k in ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")]
            b.address(", ".join(p for p in parts if p))
            b.country(_a(addr, "countryIso2Code"), raw_is_code=True)
        for remark in _children(ent, "remark"):
            b.prop("notes", remark.text)
        builders.append(b)
    return make_list(
        list_id=LIST_ID,
        name="EU Consolidated Financial Sanctions List",
        publisher="European Commission (DG FISMA)",
        paths=[path],
        entities=(b.build() for b in builders),
        published=parse_date(_a(root, "generationDate")[:10]),
    )
