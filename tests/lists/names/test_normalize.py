"""Normalisation behaviour on the evasions DOMAIN.md §6 lists, and integrity of the data tables."""

from __future__ import annotations

import csv
import re

import pytest

from lists.names import normalize_name, normalize_text
from lists.names.legal_forms import misspelt_short_form, split_legal_forms, strip_script_forms
from lists.names.normalize import (
    alias_parts, care_of_parts, embedded_birth_date, generic_name_before_place, parenthesised_parts, reads_as_initialled_person,
    slash_parts, translated_abjad_words, without_dashed_acronym, without_named_after,
)
from lists.names.script_words import abjad_words
from lists.names.scripts import CYRILLIC, HAN, HANGUL, LATIN, detect_scripts
from lists.names.tables import DATA_DIR, read_csv
from lists.names.tokens import PARTICLE, canonical_token, is_patronymic, skeleton, skeleton_keys, split_tokens, word_class
from lists.names.transliterate import fold_homoglyphs
from tests.conftest import SHARED_DATA

SHARED_NEGATIVES = SHARED_DATA / "negatives"


def read_csv_file(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_cyrillic_name_transliterates_to_the_latin_spelling_tokens():
    assert normalize_name("Евгений Пригожин", "Person").tokens == normalize_name("Yevgeny Prigozhin", "Person").tokens


@pytest.mark.parametrize("a,b", [("Sharif", "Sherif"), ("Qaddafi", "Gaddafi"), ("Yevgeny", "Evgeniy"),
                                 ("Muhammad", "Mohamed"), ("Usama", "Osama"), ("Alexander", "Oleksandr")])
def test_known_transliteration_variants_fold_to_one_token(a, b):
    assert normalize_name(a).tokens == normalize_name(b).tokens


@pytest.mark.parametrize("a,b", [("sherif", "shareef"), ("prigozhin", "prigozin"), ("tschaikowsky", "chaykovskiy"),
                                 ("kadhafi", "qaddafi"), ("dmitriy", "dmitry")])
def test_unlisted_spelling_variants_share_a_phonetic_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


def test_latin_cyrillic_homoglyphs_fold_to_latin_inside_a_latin_word():
    # "Rоsnеft" with Cyrillic о and е, "ВАNК" mixing Cyrillic В, А, К with Latin N.
    assert fold_homoglyphs("Rоsnеft") == "Rosneft"
    assert normalize_text("ВАNК Меlli") == "bank melli"


def test_genuine_cyrillic_words_are_transliterated_not_folded():
    assert normalize_text("Сбербанк России") == "sberbank rossii"


@pytest.mark.parametrize("mixed,cyrillic", [
    ("Яўген Валер’евiч БУБIЧ", "Яўген Валер’евіч БУБІЧ"),  # Belarusian і typed as Latin i (real EU entry)
    ("Aлександр Пpигожин", "Александр Пригожин"),  # Latin A and p slipped into Cyrillic words
    ("ОOO Сигнал", "ООО Сигнал"),
])
def test_latin_letters_inside_cyrillic_words_read_as_their_cyrillic_look_alikes(mixed, cyrillic):
    assert normalize_name(mixed).tokens == normalize_name(cyrillic).tokens
    assert normalize_name("Яўген Валер’евiч БУБIЧ", "Person").tokens == ("yaugen", "valerevich", "bubich")


@pytest.mark.parametrize("value", ["OOO Romashka", "Romashka LLC", "ООО «Ромашка»", "Romashka, L.L.C.",
                                   "Limited Liability Company Romashka", "Общество с ограниченной ответственностью Ромашка"])
def test_limited_liability_forms_in_any_language_are_split_off_and_kept(value):
    norm = normalize_name(value)
    assert norm.tokens == ("romashka",)
    assert [f.family for f in norm.legal_forms] == ["limited"]


def test_joint_stock_forms_share_a_family_and_keep_their_id():
    forms = {normalize_name(v).legal_forms[0].id for v in ("AO Almaz", "JSC Almaz", "PAO Almaz", "ZAO Almaz")}
    families = {normalize_name(v).legal_forms[0].family for v in ("AO Almaz", "JSC Almaz", "PAO Almaz", "Almaz AG")}
    assert forms == {"jsc"} and families == {"joint_stock"}


@pytest.mark.parametrize("value", ["Closed Joint-Stock Co Almaz", "Close Joint Stock Company Almaz",
                                   "Closed Joint Stock Company Almaz", "Almaz Closed Jt Stock Co"])
def test_a_form_written_with_short_or_variant_words_is_still_that_form(value):
    # "Co" for "Company" inside a form of several words: recognised as the form, not left
    # as four unmatched name words that halve the score against the listed full form.
    norm = normalize_name(value)
    assert norm.tokens == ("almaz",) and [f.id for f in norm.legal_forms] == ["jsc"]


@pytest.mark.parametrize("value,form", [("ROSOBORONEXPORTJSC", "jsc"), ("OOORomashka", "llc"),
                                        ("Romashka-LLC", "llc"), ("RomashkaGmbH", "gmbh")])
def test_a_short_form_glued_to_the_name_is_split_off(value, form):
    norm = normalize_name(value)
    assert len(norm.tokens) == 1 and norm.tokens[0] in ("rosoboronexport", "romashka")
    assert [f.id for f in norm.legal_forms] == [form]


@pytest.mark.parametrize("value", ["Nordzinc", "Paolo", "Mesa", "JSC", "Altd"])
def test_names_ending_like_a_short_form_keep_their_word(value):
    # Only forms no name word ends or starts with are split, and the word keeps 3+ letters.
    norm = normalize_name(value)
    assert norm.tokens == (value.lower(),) and norm.legal_forms == ()


@pytest.mark.parametrize("value,tokens,form", [
    ("AZIMUT LLC Holding", ("azimut", "holding"), "llc"),
    ("KARAT INDUSTRY CO., LTD. Group", ("karat", "industries", "group"), "ltd"),
    ("Sino Trading Co Ltd", ("sino", "trading"), "ltd"),      # "Ltd" is a form word, not a generic one
])
def test_a_legal_form_is_read_before_generic_words_written_after_it(value, tokens, form):
    norm = normalize_name(value)
    assert norm.tokens == tokens and [f.id for f in norm.legal_forms] == [form]


@pytest.mark.parametrize("value,form", [
    ("OBCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU Romashka", "llc"),   # a slip of two letters
    ("Obshestvo s ogranichennoj otvetstvennostju Romashka", "llc"),   # GOST-style j for й
    ("ZAKRYTOYE AKTSIONERNOYE OBSHCHESTVO Romashka", "jsc"),          # "ye" after a vowel
    ("Romashka Obshchestvo s Ogranichennoi Otvetstvennostyu", "llc"),
])
def test_russian_form_words_in_other_romanisations_still_read_as_the_form(value, form):
    norm = normalize_name(value)
    assert norm.tokens == ("romashka",) and [f.id for f in norm.legal_forms] == [form]


@pytest.mark.parametrize("value,form", [
    ("شرکت سامان گستر با مسئولیت محدود", "llc"),   # Persian: ... with limited liability
    ("شركة الصرلج ذ.م.م", "llc"),                  # Arabic LLC abbreviation
    ("شرکت سهامی خاص سامان گستر", "jsc"),          # Persian: private joint stock company
    ("شركة مساهمة عامة الصرلج", "jsc"),             # Arabic: public joint stock company
    ("SHERKAT SAHAMI SAMAN GOSTAR", "jsc"),         # the same as Latin lists spell it
    ("شركة الصرلج للتعدين المحدودة", "ltd"),        # Arabic: ... Limited
])
def test_arabic_and_persian_legal_forms_are_split_off_and_kept(value, form):
    norm = normalize_name(value)
    assert form in [f.id for f in norm.legal_forms], norm
    assert len(norm.tokens) >= 1 and not {"shrkt", "shrkh", "sherkat"} & set(norm.tokens)


@pytest.mark.parametrize("value,form", [
    ("Spółka akcyjna Ruselectronics", "jsc"),      # Polish, as an EU translation writes it
    ("UAB Romashka", "jsc"),                       # Lithuanian private joint stock company
    ("Romashka ЕООД", "llc"),                      # Bulgarian single-member LLC, in Cyrillic
    ("Romashka Korlátolt Felelősségű Társaság", "llc"),
])
def test_eu_forms_written_out_in_translations_are_read(value, form):
    norm = normalize_name(value)
    assert [f.id for f in norm.legal_forms] == [form] and len(norm.tokens) == 1, norm


@pytest.mark.parametrize("value", ["Sia Furniture", "EAD Systems", "RT Arabic"])
def test_short_abbreviations_that_are_also_name_words_stay_name_words(value):
    assert normalize_name(value).tokens[0] == value.split()[0].lower()


@pytest.mark.parametrize("value,core,form", [
    ("BODECARNES.A. DE C.V.", ("bodecarne",), "sa"),   # the comma and space before the form lost
    ("GAZPROML.L.C.", ("gazprom",), "llc"),
    ("ACMEB.V.", ("acme",), "sarl"),
])
def test_a_dotted_form_glued_to_the_name_word_is_split_off(value, core, form):
    norm = normalize_name(value)
    assert norm.latin == core and [f.id for f in norm.legal_forms] == [form]


@pytest.mark.parametrize("value,latin", [
    ("J.P.MORGAN", ("jp", "morgan")),  # dotted letters before the word, not after it
    ("BANKN.A.", ("bankn", "a")),      # N.A. is no legal form
    ("ACME U.S.A.", ("acme", "usa")),  # no word of three letters glued to U.S.A.
])
def test_dotted_letters_that_are_no_glued_form_stay(value, latin):
    norm = normalize_name(value)
    assert norm.latin == latin and norm.legal_forms == ()


@pytest.mark.parametrize("value", ["Public Joint Stock - Romashka", "Joint Stock Romashka", "Romashka Closed Joint Stock"])
def test_joint_stock_without_company_is_the_joint_stock_form(value):
    norm = normalize_name(value)
    assert norm.tokens == ("romashka",) and [f.id for f in norm.legal_forms] == ["jsc"]


@pytest.mark.parametrize("value", ["Romashka Branch", "Representative Office of Romashka", "Филиал Ромашка"])
def test_a_branch_or_representative_office_is_a_feature_not_a_name_word(value):
    norm = normalize_name(value)
    assert norm.tokens == ("romashka",) and [f.id for f in norm.legal_forms] == ["branch"]


@pytest.mark.parametrize("value,core,form,places", [
    ("AZIMUT LLC - Hong Kong", ("azimut",), "llc", ("hong kong",)),            # behind a spaced dash
    ("Kord Company Ltd Moscow", ("kord",), "ltd", ("moscow",)),               # behind a legal form
    ("Tianyi Lusen Gong Si UAE", ("tianyi", "lusen"), "ltd", ("uae",)),       # behind a form written in two
    ("KOREA OIL EXPLORATION CORPORATION (Iran)", ("korea", "oil", "exploration"), "inc", ("iran",)),
    ("JUHANG AVIATION TECHNOLOGY (SHENZHEN) CO., LIMITED", ("juhang", "aviation", "technology"), "ltd",
     ("shenzhen",)),                                                          # a parenthesis anywhere
    ("Huawei Technologies Co., Ltd., Shenzhen, China", ("huawei", "technology"), "ltd", ("shenzhen china",)),
    ("ООО Ромашка (Москва)", ("romashka",), "llc", ("moskva",)),
    ("Rosoboronexport Moscow Branch", ("rosoboronexport",), "branch", ("moscow",)),
    ("Bank Melli Iran (Hamburg Branch)", ("bank", "melli", "iran"), "branch", ("hamburg",)),
    ("EVRO POLIS LTD. Representative Office in Minsk", ("evro", "polis"), "branch", ("minsk",)),
    ("Branch of CHONGCHONGANG SHIPPING COMPANY LIMITED in Istanbul", ("chongchongang", "shipping"), "ltd",
     ("istanbul",)),                                                          # the form between name and place
    ("ACME Co., Ltd., Shanghai Office", ("acme",), "branch", ("shanghai",)),  # an office in a city
    ("Vulkan LLC Liaison Office", ("vulkan",), "llc", ()),
])
def test_a_place_qualifying_an_organisation_name_is_split_off_as_a_feature(value, core, form, places):
    norm = normalize_name(value)
    assert norm.tokens == core and form in [f.id for f in norm.legal_forms] and norm.places == places


@pytest.mark.parametrize("value", ["Hanifa Exchange Office", "Foreign Office", "Office Depot Inc"])
def test_office_is_a_name_word_unless_a_city_stands_before_it(value):
    assert "office" in normalize_name(value).tokens


@pytest.mark.parametrize("value,tokens", [
    ("Bank Melli Iran", ("bank", "melli", "iran")),          # a country inside the name stays
    ("Bank Melli Iran Branch", ("bank", "melli", "iran")),   # ... also beside a branch (cities only)
    ("Iran Air", ("iran", "air")),
    ("MARTIC, Milan", ("martic", "milan")),                  # a comma part needs a legal form before it
    ("(Iran)", ("iran",)),                                   # never all of a name
    ("Sino Trading Hong Kong", ("sino", "trading", "hong", "kong")),  # no form, no punctuation
    ("JSC Bank of Moscow", ("bank", "moscow")),              # "of": the place is the name
    ("OOO Bank Moscow", ("bank", "moscow")),                 # nothing but a generic word left
    ("OOO NOVATEK MURMANSK", ("novatek", "murmansk")),       # a form in front: the city is the name
])
def test_place_words_that_are_part_of_the_name_stay(value, tokens):
    norm = normalize_name(value)
    assert norm.tokens == tokens and norm.places == ()


@pytest.mark.parametrize("value", ["Aleksandr Sergejevitj BANACH", "Castelo Branco", "Ali Berhat"])
def test_a_surname_one_letter_from_a_short_one_word_form_is_kept(value):
    norm = normalize_name(value)
    assert norm.legal_forms == () and len(norm.tokens) == len(value.split())


@pytest.mark.parametrize("value", ["Romashka Compnay", "Romashka Limted", "Korporatsiya Romashka Corporaton"])
def test_a_misspelt_long_one_word_form_is_still_read_as_the_form(value):
    assert normalize_name(value).legal_forms


def test_a_generic_name_before_its_form_and_a_city_has_a_reading_without_the_city():
    read = generic_name_before_place(normalize_name("National Engineering Corporation Moscow"))
    assert read is not None and read.tokens == ("national", "engineering") and read.places == ("moscow",)
    assert [f.id for f in read.legal_forms] == ["inc"]
    # Only names normalize_name leaves whole: one naming something is split there already,
    # and no form before the city, or no city, means no such reading.
    for value in ("Rosoboronexport JSC Moscow", "National Engineering Moscow", "National Engineering Corporation"):
        assert generic_name_before_place(normalize_name(value)) is None, value


def test_a_place_qualifier_can_be_kept_as_name_words():
    norm = normalize_name("XIN QUAN ELECTRONICS (HONG KONG) CO., LIMITED").with_places()
    assert norm.tokens == ("xin", "quan", "electronics", "hong", "kong") and norm.places == ()
    assert [f.id for f in norm.legal_forms] == ["ltd"]


@pytest.mark.parametrize("value,tokens", [
    ("M/s Huawei Technologies", ("huawei", "technology")),
    ("MESSRS. Rosoboronexport", ("rosoboronexport",)),
    ("Hafiz Saeed S/O Kamaluddin", ("hafez", "said")),
    ("Amina Khan W/O Imran Khan", ("amina", "khan")),
    ("ACME Ltd, c/o Rosoboronexport", ("acme",)),
    ("Son of Sam", ("son", "sam")),              # never all of a name
    ("Bank of China", ("bank", "china")),
    ("M/T GRACE 1", ("grace", "1")),              # ship prefixes of bills of lading
    ("M.V. Adrian Darya 1", ("adrian", "darya", "1")),
    ("MV Necleus", ("necleus",)),
    ("Mtsensk Plant", ("mtsensk", "plant")),      # not a prefix inside a word
])
def test_firm_prefixes_relatives_and_care_of_parties_are_not_name_words(value, tokens):
    assert normalize_name(value).tokens == tokens


def test_a_care_of_name_is_two_parties():
    assert care_of_parts("ACME Ltd c/o Rosoboronexport") == ("ACME Ltd", "Rosoboronexport")
    assert care_of_parts("ACME Ltd") == () and care_of_parts("c/o Rosoboronexport") == ()


@pytest.mark.parametrize("value", ["ACME Ltd o/b/o Beta", "ACME Ltd on behalf of Beta", "ACME LLC d/b/a Beta",
                                   "ACME LLC DBA Beta", "ACME Ltd t/a Beta", "ACME Ltd trading as Beta",
                                   "ACME Ltd a/k/a Beta", "ACME Ltd (formerly Beta)", "ACME Ltd Attn: Beta",
                                   "ACME Ltd for the account of Beta"])
def test_a_principal_trade_name_or_former_name_after_a_marker_is_a_second_party(value: str):
    first, second = care_of_parts(value)
    assert normalize_name(first).tokens == ("acme",) and normalize_name(second).tokens == ("beta",)
    assert normalize_name(value).tokens == ("acme",)


@pytest.mark.parametrize("value", ["LLC DBA-ENGINEERING", "Foundation for Democracy", "Via Rail Canada",
                                   "Sushi Aka Tokyo", "Texas Assets Trading"])
def test_marker_words_inside_real_names_split_nothing(value: str):
    assert care_of_parts(value) == ()


@pytest.mark.parametrize("value,parts", [
    ("Viktor Bout aka Victor Butt", ("Viktor Bout", "Victor Butt")),
    ("Ivan Petrov, also known as Ivan Petroff", ("Ivan Petrov", "Ivan Petroff")),
    ("Acme (fka Rosoboronexport)", ("Acme", "Rosoboronexport")),
    ("Smith alias Jones alias Brown", ("Smith", "Jones", "Brown")),
    ("PETROV AKA: PETROFF", ("PETROV", "PETROFF")),
])
def test_names_written_with_a_bare_aka_between_them_are_each_a_reading(value: str, parts: tuple[str, ...]):
    assert alias_parts(value) == parts


@pytest.mark.parametrize("value,tokens", [
    ("GRACE ONE", ("grace", "1")), ("Adrian Darya One", ("adrian", "darya", "1")),
    ("One Network Bank", ("one", "network", "bank")),      # a number word only last
    ("John Smith Two", ("john", "smith", "two")),          # ... and never in a person's name
])
def test_a_number_word_ending_a_firm_or_ship_name_is_its_number(value: str, tokens: tuple[str, ...]):
    assert normalize_name(value, "Person" if value.startswith("John") else None).tokens == tokens


@pytest.mark.parametrize("value", ["Sushi Aka", "AKA INTEGRAL SERVICES, S. DE R.L. DE C.V.", "ALIAS LLC",
                                   "Osaka Trading", "Kazakhstan Aka-Bank", "Akai Electric", "X aka Y"])
def test_aka_as_a_word_of_a_name_splits_nothing(value: str):
    # Listed names hold "AKA" and "ALIAS" as their first word; a marker needs a name each side.
    assert alias_parts(value) == ()


def test_persons_keep_their_place_like_names():
    assert normalize_name("Milan (Paris)", "Person").places == ()


def test_a_leading_article_does_not_hide_the_legal_form_behind_it():
    norm = normalize_name("The LIMITED LIABILITY COMPANY STK")
    assert norm.tokens == ("stk",) and [f.id for f in norm.legal_forms] == ["llc"]


def test_a_short_form_word_alone_is_not_taken_from_a_name():
    # (Only forms of two or more words are expanded: "Comp" alone is a name word.)
    assert normalize_name("Comp Ltd").tokens == ("comp",)


def test_cjk_generic_words_are_read_as_english_words_in_organisation_names():
    assert normalize_name("华为技术有限公司").tokens == ("hua", "wei", "technology")
    assert normalize_name("삼성전자").tokens[-1] == "electronics"
    # Not in person names, and not katakana loanwords (see script_words.yml).
    assert "technology" not in normalize_name("李技术", "Person").tokens
    assert normalize_name("テクノロジーズ").tokens != ("technology",)


def test_cjk_legal_forms_are_removed_before_transliteration():
    text, forms = strip_script_forms("株式会社東芝")
    assert text == "東芝" and forms[0].id == "kk"
    assert normalize_name("東芝株式会社").tokens == normalize_name("株式会社 東芝").tokens


def test_legal_forms_are_only_taken_from_the_edges_and_never_empty_a_name():
    assert split_legal_forms(["sa"]) == (["sa"], ())
    tokens, forms = split_legal_forms(["bank", "sa", "trading"])
    assert tokens == ["bank", "sa", "trading"] and forms == ()


def test_persons_keep_tokens_that_look_like_legal_forms_and_lose_titles():
    norm = normalize_name("Dr. Ali Sa", "Person")
    assert norm.tokens == ("ali", "sa") and norm.legal_forms == ()


def test_punctuation_and_spacing_collapse():
    assert split_tokens("S.A.  de   C.V.") == ["sa", "de", "cv"]
    assert split_tokens("R.O.S.O.B.O.R.O.N.E.X.P.O.R.T") == ["rosoboronexport"]


@pytest.mark.parametrize("value,tokens", [
    ("sepah-e.qods", ["sepah", "e", "qods"]),
    ("obschestvo.s.ogranichennoy.otvetstvennostyu", ["obschestvo", "s", "ogranichennoy", "otvetstvennostyu"]),
    ("J.Smith", ["j", "smith"]),
])
def test_a_one_letter_word_dotted_to_the_next_word_stays_a_word(value, tokens):
    # Dots for spaces ("sepah-e.qods") glued the letter to the next word: "eqods".
    assert split_tokens(value) == tokens
    assert normalize_text("Al-Qa'ida / (Base)") == "al qaida base"


def test_full_width_latin_is_nfkc_normalised():
    assert normalize_text("Ｖｅｒｉｔａｓ　Ｉｎ　Ｓｉｌｉｃｏ") == "veritas in silico"


def test_hangul_and_han_syllables_become_separate_tokens():
    assert normalize_name("김정은", "Person").tokens == normalize_name("Kim Jong Un", "Person").tokens
    assert len(normalize_name("习近平").tokens) == 3


def test_script_detection_orders_scripts_by_frequency():
    assert detect_scripts("Rоsneft") == (LATIN, CYRILLIC)
    assert detect_scripts("김정은") == (HANGUL,)
    assert detect_scripts("東芝") == (HAN,)


def test_abbreviations_fold_to_the_full_word():
    assert canonical_token("intl") == canonical_token("international")
    assert canonical_token("mfg") == "manufacturing"


def test_every_data_table_names_its_source():
    for path in DATA_DIR.iterdir():
        head = path.read_text(encoding="utf-8")[:1500].lower()
        assert "source" in head, f"{path.name} does not say where its data comes from"


def test_no_token_belongs_to_two_variant_classes():
    seen: dict[str, str] = {}
    for row in read_csv("name_variants.csv", delimiter="|"):
        tokens = [row["canonical"], *(row["variants"] or "").split("|"), *(row.get(None) or ())]
        for tok in tokens:
            for t in split_tokens(tok):
                if len(split_tokens(tok)) != 1:
                    continue
                assert seen.get(t, row["canonical"]) == row["canonical"], f"{t} in {seen[t]} and {row['canonical']}"
                seen[t] = row["canonical"]


def test_normalisation_never_fails_on_odd_input():
    for value in ["", "   ", "!!!", "\x00\x1a", "🙂", "A" * 5000, "٠١٢", "ℌ𝔢𝔩𝔩𝔬"]:
        norm = normalize_name(value)
        assert isinstance(norm.tokens, tuple)


@pytest.mark.parametrize("value,core", [
    ("LIMITED LIABILITY COMPANYLANMAX", ("lanmax",)),
    ("AKTSIONERNOEOBSHCHESTVO PYEZO", ("pyezo",)),
    ("ERVIN DANESH COMP ANY", ("ervin", "danesh")),
    ("LIMITED LIABILTY COMPNY KRYAZH", ("kryazh",)),
    ("Leemited Liability Cumpany Mir", ("mir",)),
    ("LEAHCOMPANY", ("leah",)),                               # a whole form word glued at the end
    ("BSQRDLIMITED", ("bsqrd",)),
    ("SEVERGROUP LIMITED LIABILITYCOMPANY", ("severgroup",)),
    ("PUBLICJOINT STOCK COMPANY ALROSA", ("alrosa",)),         # two form words glued into one
    ("INFOCOM CORPORATIONINC", ("infocom",)),
])
def test_spacing_and_spelling_tricks_around_legal_forms_are_undone(value, core):
    assert normalize_name(value).tokens == core


@pytest.mark.parametrize("value,core,form", [
    ("Tovarystvo z Obmezhenoyu Vidpovidalnistyu ALFA ENERGO", ("alfa", "energo"), "llc"),  # Ukrainian, Latin
    ("Obschtschestwo s ogranitschennoj otwetstwennostju Inter Tobako", ("inter", "tobako"), "llc"),  # German-style
    ("Akzionernoje Obschtschestwo Tambow", ("tambow",), "jsc"),
    ("Societatea cu Raspundere Limitata Dacia Trans", ("dacia", "trans"), "sarl"),  # Romanian
])
def test_legal_forms_written_out_in_other_romanisations_are_read_as_forms(value, core, form):
    norm = normalize_name(value)
    assert norm.tokens == core and [f.id for f in norm.legal_forms] == [form]


@pytest.mark.parametrize("written,english", [("petroshimi", "petrochemical"), ("kashtirani", "shipping"),
                                             ("sanaye", "industries"), ("markaz", "center"),
                                             ("beynolmelal", "international")])
def test_persian_generic_words_in_latin_letters_fold_into_the_english_word_the_lists_print(written, english):
    # (Not Melli, Tejarat or Naft: "National Bank" would be Bank Melli.)
    assert canonical_token(written) == canonical_token(english)
    assert canonical_token("melli") != canonical_token("national")


@pytest.mark.parametrize("value", ["Limitedless Inc", "Companion Group", "Mimosa", "Incyte Corp",
                                   "West Bancorporation", "Labcorp", "Aircompany Yakutia", "Sasa Holdings"])
def test_names_that_merely_resemble_legal_forms_are_kept(value):
    first = split_tokens(value.lower())[0]
    assert first in normalize_name(value).tokens


@pytest.mark.parametrize("value,last", [("Military Security Command", "command"), ("Partov", "partov"),
                                        ("Iran Parand", "parand"), ("Dar Al Salaam", "salaam")])
def test_a_last_word_that_merely_starts_and_ends_like_two_form_words_is_kept(value, last):
    # comm (commercial) + and (GmbH and Co KG), par (societe par actions) + tov, sal + aam:
    # two form words that are never written side by side in a form, nor forms each.
    assert normalize_name(value).tokens[-1] == last


def test_spaced_pinyin_syllables_of_a_generic_word_or_legal_form_are_read_as_the_word():
    # Registers and OFAC print a Chinese company's pinyin one syllable per word.
    spaced = normalize_name("WU HAN GAO XIN KE JI YOU XIAN GONG SI")
    assert spaced.tokens == normalize_name("武汉高芯科技有限公司").tokens == ("wu", "han", "gao", "xin", "technology")
    assert [f.id for f in spaced.legal_forms] == ["ltd"]
    assert normalize_name("Mike Ji Holdings").tokens == ("mike", "ji", "holding")  # (not pinyin words)


@pytest.mark.parametrize("value,form", [("FREGAT 0O0", "llc"), ("ZA0 FREGAT", "jsc"), ("PA0 Fregat", "jsc")])
def test_a_short_legal_form_typed_with_a_zero_is_the_form(value, form):
    norm = normalize_name(value)
    assert norm.tokens == ("fregat",) and [f.id for f in norm.legal_forms] == [form]


def test_digits_posing_as_letters_are_folded_but_codes_keep_their_digits():
    assert normalize_name("Ig0r Sech1n", "Person").tokens == normalize_name("Igor Sechin", "Person").tokens
    assert normalize_name("3M Company").tokens == ("3m",)
    assert "a320" in normalize_name("A320 Leasing").tokens


def test_second_phonetic_readings_share_a_skeleton():
    from lists.names.tokens import skeleton_keys

    assert set(skeleton_keys("strijov")) & set(skeleton_keys("strizhov"))
    assert set(skeleton_keys("kacuba")) & set(skeleton_keys("katsuba"))
    assert skeleton_keys("strizhov") == (skeleton_keys("strizhov")[0],)  # no "j", one reading
    # Х written "k" by English brands (Ростех, Rostec) and "Sheik" for Sheikh.
    assert skeleton("rostec") in skeleton_keys("rostekh")
    assert skeleton("sheik") in skeleton_keys("sheikh")


@pytest.mark.parametrize("a,b", [
    ("Konstruktorskoe Byuro Farvater", "Design Bureau Farvater"),
    ("Aleksinskii Khimicheskii Kombinat", "Aleksinskii Chemical Combine"),
    ("Stiftung al-Areen", "Stiftelsen al-Areen"),
    ("réseau al-Zarqawi", "mreža al-Zarqawi"),
    ("Государственная корпорация Ростех", "State Corporation Rostekh"),  # korporatsiya, mid-name
    ("Центральный банк Российской Федерации", "Central Bank of the Russian Federation"),
])
def test_generic_organisation_words_fold_across_languages(a: str, b: str):
    assert normalize_name(a).tokens == normalize_name(b).tokens


def test_dotted_letters_are_initials_in_person_names_only():
    # Russian documents write "Surname I.O."; a company's "S.A." stays one legal-form token.
    assert normalize_name("Deripaska O.V.", "Person").tokens == ("deripaska", "o", "v")
    assert normalize_name("Дерипаска О.В.", "Person").tokens == ("deripaska", "o", "v")
    assert normalize_name("A.B.C. Trading").tokens[0] == "abc"


def test_the_arabic_article_splits_off_as_latin_listings_write_it():
    assert normalize_name("أيمن الظواهري", "Person").tokens == ("ymn", "al", "dhwhry")
    assert normalize_name("حزب الله").tokens == ("hzb", "llh")  # Allah keeps its letters
    assert normalize_name("الینا کمالی", "Person").tokens == ("lyn", "kmly")  # Persian: ال starts the name Alina


def test_vowel_less_words_are_not_taken_for_latin_titles_or_stopwords():
    # "sr" (اسرا, Esra) would be dropped as the title "Sr." in a Latin name.
    assert normalize_name("اسرا رسته", "Person").tokens == ("sr", "rsth")


@pytest.mark.parametrize("token,latin,same", [
    ("hsyn", "hussein", True), ("bdllh", "abdullah", True), ("smh", "usama", True),
    ("sdm", "saddam", True), ("ywsf", "yousef", True), ("nwry", "nouri", True),
    ("thr", "tahir", True),      # ط + ه, not ث
    ("hmyd", "ahmad", False),    # the written ی of Hamid is missing
    ("hsny", "hosseini", False), ("hsny", "husayni", False),  # ...and here the Latin one has it
    ("hsyn", "hosseini", False),  # a final i is a written ي: حسيني, not حسين
    ("hmzh", "hamza", True), ("zdh", "zadeh", True), ("hkyma", "hakimi", True),  # final ى as i
    ("jsm", "osama", False),     # ج is a consonant
])
def test_abjad_tokens_match_the_latin_spellings_of_their_letters(token, latin, same):
    from lists.names.tokens import abjad_spelling

    assert abjad_spelling(token).matches(latin) is same



@pytest.mark.parametrize("token,latin", [
    ("bdlrhmn", "abderrahmane"), ("bdlrhmn", "abdurrahman"),  # عبدالرحمن: the article's l assimilated
    ("sdldyn", "saduddin"),                                     # سعد الدين glued
    ("wld", "ould"), ("whyd", "ouahid"),                        # an initial و read ou (French usage)
])
def test_abjad_readings_let_blocking_reach_spellings_the_letters_allow(token, latin):
    # The spelling check allows them; blocking must look them up too, or the listed
    # "Abderrahmane Ould El Amar" is never a candidate for عبد الرحمن ولد العامر.
    from lists.names.tokens import abjad_keys, abjad_spelling

    assert abjad_spelling(token).matches(latin)
    assert set(skeleton_keys(latin)) & set(abjad_keys(token)), (abjad_keys(token), skeleton_keys(latin))

def _abjad_regex(token: str) -> re.Pattern[str]:
    """The rule of ``AbjadSpelling`` written as a regular expression (a slow oracle)."""
    from lists.names.tokens import _ABJAD_DIGRAPHS, _abjad_letters

    table, gap, edge = _abjad_letters(), "(?:[aeiouy]|a[aeo]|[eiou]a|ou)?", "[aeiouy]{0,2}"
    spell = lambda letter: "(?:" + "|".join(map(re.escape, table.get(letter) or (letter,))) + ")+"  # noqa: E731
    letters = _ABJAD_DIGRAPHS.findall(token)
    parts = [edge]
    for k, letter in enumerate(letters):
        if letter in "aeiou":
            continue
        group = spell(letter)
        if letter == "y" and k == len(letters) - 1 and len(letters) >= 3:
            group = group[:-2] + "|a)+"  # alif maqsura
        if len(letter) == 2:
            group = f"(?:{group}|{spell(letter[0])}{gap}{spell(letter[1])})"
        if letter == "h" and k == len(letters) - 1 and k > 0:
            group = f"(?:{group})?"
        if letter == "l" and 2 <= k < len(letters) - 1 and letters[k + 1] in ("t", "th", "d", "dh", "r", "z", "s", "sh", "l", "n"):
            group = f"(?:{group})?"
        parts += [group, gap]
    parts[-1] = "[aeiy]{0,2}" if token.endswith("a") else "[ae]{0,2}"
    return re.compile("".join(parts))


def test_the_abjad_matcher_agrees_with_its_rule_written_as_a_regular_expression():
    # Every Arabic/Persian-script person name of the negatives against Latin spellings of
    # the same and other names: thousands of pairs, both answers.
    from lists.names.tokens import abjad_spelling

    rows = read_csv_file(SHARED_NEGATIVES / "persons.csv")
    abjad = {t for r in rows if r["locale"] in ("ar_AA", "fa_IR") for t in normalize_name(r["name"]).tokens}
    latin = {t for r in rows if r["locale"] in ("en_US", "tr_TR", "fr_FR") for t in normalize_name(r["name"]).tokens}
    latin |= {"hussein", "abdullah", "usama", "tahir", "mohammed", "mahmoud", "hosseini", "saeed", "ali", "omar",
              "mojtaba", "musa", "mostafa", "isa", "bouthaina", "reza", "alireza", "zadeh", "hamza",
              "nooruddin", "abdurrahman", "abdelrahman", "jalaluddin", "khalid", "ould"}
    agreed = matched = 0
    for token in sorted(abjad)[:150]:
        oracle, fast = _abjad_regex(token), abjad_spelling(token)
        for word in sorted(latin):
            expected = oracle.fullmatch(word) is not None
            assert fast.matches(word) is expected, (token, word)
            agreed += 1
            matched += expected
    assert agreed > 10_000 and matched > 20


def test_titles_written_in_arabic_script_are_dropped_from_person_names():
    # سید (Sayyid) is a title; سعید (Saeed), which romanises to the same "syd", is a name.
    assert normalize_name("سید محمد عظیم آغا", "Person").tokens == ("mhmd", "dhym", "agh")
    assert normalize_name("سعید جلیلی", "Person").tokens == ("syd", "jlyly")
    assert normalize_name("سید", "Person").tokens == ("syd",)  # never the whole name
    assert normalize_name("Seyyed Mohammad AGHAMIRI", "Person").tokens == ("mohammed", "aghamiri")


@pytest.mark.parametrize("value,tokens", [
    ("Ibrahim SAYYED", ("ibrahim", "sayyed")),             # written last, where the surname stands
    ("SAYYED, Ibrahim Amin", ("ibrahim", "amin", "sayyed")),  # ... also when the list puts it first
    ("Sayyed Ali KHAMENEI", ("ali", "khamenei")),          # in front it is a title
    ("John SMITH Jr", ("john", "smith")),                  # a generational suffix is never a surname
    ("Ayatollah Ali Khamenei", ("ali", "khamenei")),        # religious and state titles in front
    ("Mufti Abdul Rauf", ("abdul", "rauf")),
    ("Marshal Sergei Shoigu", ("sergey", "shoigu")),
    ("Mike Bishop", ("mike", "bishop")),                    # ... kept as the surname they also are
    ("Karen Pastor", ("karen", "pastor")),
    ("عزت الله حقاني خان سيد", ("zt", "llh", "hqny", "khn", "syd")),
])
def test_a_title_that_is_also_a_family_name_is_kept_where_the_surname_stands(value: str, tokens: tuple[str, ...]):
    assert normalize_name(value, "Person").tokens == tokens


def test_a_huge_capitalised_word_normalises_in_one_pass():
    """Hostile input: a 200,000-letter capital run once cost a regular expression a square of
    its length (minutes); it is one token like any other word."""
    assert normalize_name("A" * 200_000).tokens == ("a" * 200_000,)
    # (A capital run glued to a capitalised word splits off it, as "ABCDef" reads "ABC Def".)
    assert normalize_name("ABC" * 50_000 + "def").tokens == ("abc" * 49_999 + "ab", "cdef")


@pytest.mark.parametrize("spaced,written", [
    ("R O S O B O R O N E X P O R T", "Rosoboronexport"),
    ("K K B C", "KKBC"),
    ("O O O  R O S T E C", "OOO Rostec"),
    ("P U T I N", "Putin"),
])
def test_letters_written_apart_are_one_word_as_dotted_letters_are(spaced: str, written: str):
    assert normalize_name(spaced).tokens == normalize_name(written).tokens
    assert normalize_name(spaced).legal_forms == normalize_name(written).legal_forms


def test_a_persons_initials_written_apart_stay_initials():
    # Two or three initials are a person's given names; four letters apart are a word.
    assert normalize_name("A B SMITH", "Person").tokens == ("a", "b", "smith")
    assert normalize_name("J R R Tolkien", "Person").tokens == ("j", "r", "r", "tolkien")
    assert normalize_name("P U T I N", "Person").tokens == normalize_name("Putin", "Person").tokens
    # A one-letter word of Arabic script is a word (و, and): never glued.
    assert len(normalize_name("و ب ت").tokens) == 3


@pytest.mark.parametrize("name,core,address", [
    ("Sberbank, 19 Vavilova St, Moscow", ("sberbank",), "19 vavilova st moscow"),
    ("Novikombank JSC, Moscow 123001", ("novikombank",), "moscow 123001"),
    ("Mahan Air, Tehran, Iran", ("mahan", "air"), "tehran iran"),
])
def test_an_address_after_a_comma_is_a_second_reading_without_it(name: str, core: tuple, address: str):
    from lists.names.normalize import without_trailing_address

    read = without_trailing_address(normalize_name(name))
    assert read is not None and read.latin == core and read.places == (address,)
    assert normalize_name(name).latin[:len(core)] == core  # the name as written is unchanged


@pytest.mark.parametrize("name", ["ALI, Hassan 1970", "Bank of Commerce, Industry and Agriculture",
                                  "Bank, Moscow", "Applied Industrial Technologies, Inc."])
def test_a_comma_part_that_is_no_address_or_leaves_only_generic_words_gives_no_reading(name: str):
    from lists.names.normalize import without_trailing_address

    assert without_trailing_address(normalize_name(name)) is None


def test_a_city_before_the_trailing_country_goes_with_it():
    from lists.names.normalize import without_trailing_country

    read, code = without_trailing_country(normalize_name("Rosneft Moscow Russia"))
    assert (read.latin, read.places, code) == (("rosneft",), ("moscow russia",), "RU")


@pytest.mark.parametrize("posing,written", [("Ro$oboronexport", "Rosoboronexport"), ("$berbank", "Sberbank"),
                                            ("@eroflot", "Aeroflot"), ("R0$N3FT", "Rosneft")])
def test_signs_posing_as_letters_are_read_as_those_letters(posing: str, written: str):
    assert normalize_name(posing).tokens == normalize_name(written).tokens


@pytest.mark.parametrize("name,tokens", [("ACME $100", ("acme", "100")), ("US $ Trading", ("us", "trading")),
                                         ("info@acme.com", ("info", "acme", "com"))])
def test_signs_that_are_no_letters_stay_separators(name: str, tokens: tuple):
    assert normalize_name(name).tokens == tokens


def test_look_alike_words_fold_to_latin_when_another_word_is_latin_in_disguise():
    # "ΜΕLLΙ" holds Latin L, which no Greek letter looks like: the name is Latin, and "ΒΑΝΚ"
    # (all Greek look-alikes) reads BANK. Without such a word, Greek stays Greek.
    assert normalize_name("ΒΑΝΚ ΜΕLLΙ").tokens == normalize_name("Bank Melli").tokens
    assert normalize_name("ΒΑΝΚ ΜΕΛΛΙ").tokens[0] == "vank"
    assert normalize_name("ООО Ромашка Trading").tokens == ("romashka", "trading")


@pytest.mark.parametrize("value,name,numbers", [
    ("SHAMIM (IMO 9270658)", "SHAMIM", (("IMO", "9270658"),)),
    ("Grace 1, IMO No. 9116412", "Grace 1", (("IMO", "9116412"),)),
    ("IMO: 9116412", "IMO: 9116412", (("IMO", "9116412"),)),        # nothing else written: the name stays
    ("Imo Trading", "Imo Trading", ()),
    ("IMO Holdings 1234567", "IMO Holdings 1234567", ()),  # a number not labelled IMO
    ("Grace 1 IMO 91164120", "Grace 1 IMO 91164120", ()),  # eight digits: no IMO number
    ("Yevgeniy Prigozhin, passport 1234567", "Yevgeniy Prigozhin", (("Passport", "1234567"),)),
    ("Rosoboronexport JSC (INN: 7718852163, OGRN 1117746521452)", "Rosoboronexport JSC",
     (("Tax ID", "7718852163"), ("Registration ID", "1117746521452"))),
    ("ACME Ltd, Reg. No. 12345678", "ACME Ltd", (("Registration ID", "12345678"),)),
    ("Holiday Inn 12345", "Holiday Inn 12345", ()),        # an INN has 10 or 12 digits
    ("Zavod 28", "Zavod 28", ()),
    # Russian documents: Cyrillic labels, and the KPP behind the INN, which is read away but
    # is no identifier of the party (it names a tax office).
    ("ООО Ромашка ИНН 7718852163 ОГРН 1117746521452", "ООО Ромашка",
     (("Tax ID", "7718852163"), ("Registration ID", "1117746521452"))),
    ("ACME Trading INN/KPP 7718852163/771801001", "ACME Trading", (("Tax ID", "7718852163"),)),
    ("ACME Trading, ИНН/КПП 7718852163/771801001", "ACME Trading", (("Tax ID", "7718852163"),)),
    ("ACME Trading, INN 7718852163, KPP 771801001", "ACME Trading", (("Tax ID", "7718852163"),)),
    ("ACME Trading KPP 771801001", "ACME Trading", ()),
])
def test_labelled_identifiers_written_in_a_name_are_identifiers(value: str, name: str, numbers: tuple):
    from lists.names.normalize import embedded_identifiers

    assert embedded_identifiers(value) == (name, numbers)


def test_a_zero_width_non_joiner_between_two_persian_names_separates_them():
    assert normalize_name("احمدی\u200cمقدم", "Person").tokens == ("hmdy", "mqdm")
    # Before a suffix it joins (خامنه‌ای is one name, Khamenei).
    assert len(normalize_name("خامنه\u200cای", "Person").tokens) == 1


def test_every_marker_of_words_yml_passes_the_cheap_test_before_the_patterns():
    # ``_may_hold_markers`` skips the regular expressions for most names: a marker added to
    # words.yml that it does not see would silently never be read.
    from lists.names.normalize import _may_hold_markers
    from lists.names.tables import read_yaml

    words = read_yaml("words.yml")
    for marker in words["name_prefixes"]:
        assert _may_hold_markers(f"{marker} Acme"), marker
    for marker in (*words["relative_markers"], *words["care_of_markers"]):
        assert _may_hold_markers(f"Acme {marker} Beta"), marker


@pytest.mark.parametrize("value", ["Jamuna Shipping LTD-SEY", "Jamuna Shipping Ltd", "LTD-SEY Jamuna Shipping",
                                   "Jamuna Shipping Co LTD-HKG"])
def test_a_jurisdiction_tag_hyphenated_to_the_legal_form_is_no_name_word(value: str):
    norm = normalize_name(value)
    assert norm.tokens == ("jamuna", "shipping") and norm.legal_forms


@pytest.mark.parametrize("value,tokens", [
    ("SA-ID Trading", ("id", "trading")),          # two letters behind a form word: a word
    ("Ltd SEY Jamuna", ("sey", "jamuna")),         # not hyphenated to the form: a word
    ("Jamuna LTD-SEYCHELLES", ("jamuna", "ltd", "seychelles")),
])
def test_words_next_to_a_legal_form_are_not_taken_for_a_jurisdiction_tag(value: str, tokens: tuple[str, ...]):
    assert normalize_name(value).tokens == tokens


def test_a_former_name_after_ex_in_parentheses_is_a_second_party():
    assert care_of_parts("SAFIRAN PAYAM DARYA (ex. Zafar)")[1].rstrip(")") == "Zafar"
    assert care_of_parts("Ex Libris Ltd") == () and care_of_parts("Rex (exports) Ltd") == ()


@pytest.mark.parametrize("value,core,form", [
    ("CHAMS EXCHANGE COMPANY SAL", ("chams", "exchange"), "sa"),         # Lebanese S.A.L.
    ("GOLDEN FISH S.A.L.", ("golden", "fish"), "sa"),
    ("TEHRAN GOSTARESH COMPANY, P.J.S.", ("tehran", "gostaresh"), "jsc"),  # Iranian private joint stock
    ("KALA NAFT CO SSK", ("kala", "naft"), "jsc"),                     # sherkat sahami khass
    ("ABADAN OIL REFINING COMPANY PRIVATE JOINT STOCK", ("abadan", "oil", "refining"), "jsc"),
    ("ALAMER FOR MANUFACTURE OF PLASTIC LIMITED LIABILITY", ("alamer", "manufacture", "plastic"), "llc"),
])
def test_lebanese_and_iranian_forms_written_after_the_name_are_read(value, core, form):
    norm = normalize_name(value)
    assert norm.tokens == core and form in [f.id for f in norm.legal_forms]


@pytest.mark.parametrize("value", ["Sal Khan Trading", "SSK Logistics", "PJS Holdings"])
def test_forms_read_only_at_the_end_are_name_words_in_front(value: str):
    assert normalize_name(value).tokens[0] == value.split()[0].lower()


def test_what_a_name_writes_in_parentheses_is_read_apart():
    assert parenthesised_parts("KOREA KWANGSON BANKING CORPORATION (KKBC)") == (
        "KOREA KWANGSON BANKING CORPORATION", ("KKBC",))
    assert parenthesised_parts("華信船務（香港）有限公司") == ("華信船務 有限公司", ("香港",))
    assert parenthesised_parts("Rosoboronexport") == ("Rosoboronexport", ())
    assert parenthesised_parts("(KKBC)") == ("(KKBC)", ()) and parenthesised_parts("ACME ()") == ("ACME ()", ())


@pytest.mark.parametrize("value,cut", [
    ("AO NPP ISTOK IM. SHOKINA", "AO NPP ISTOK"),
    ("JSC SCIENTIFIC PRODUCTION ASSOCIATION EXPERIMENTAL DESIGN BUREAU NAMED AFTER M SIMONOV",
     "JSC SCIENTIFIC PRODUCTION ASSOCIATION EXPERIMENTAL DESIGN BUREAU"),
    ("NPO IMENI LAVOCHKINA", "NPO"),
    ("Jim. Co", None), ("Named Ltd", None), ("Rosoboronexport", None),
])
def test_a_named_after_clause_is_read_apart(value: str, cut: str | None):
    assert without_named_after(value) == cut


@pytest.mark.parametrize("value,tokens", [
    ("M&amp;T Bank", ("m", "t", "bank")),                           # escaped by a web form
    ("&#1056;&#1086;&#1089;&#1085;&#1077;&#1092;&#1090;&#1100;", ("rosneft",)),  # Роснефть as entities
    ("NORD_TRADING_L.L.C", ("nord", "trading")),                   # underscores for spaces
    ("ENDOWMENT\tFOR\tCARE\tOF\tLEBANESE", ("endowment", "care", "lebanese")),  # tabs
    ("«Gemini Marine LTD-MAI»", ("gemini", "marine")),             # quotes around the tag
])
def test_escaped_and_oddly_spaced_names_read_as_written_plainly(value: str, tokens: tuple[str, ...]):
    assert normalize_name(value).tokens == tokens


def test_a_care_of_marker_inside_a_name_splits_nothing():
    # "care of" behind "for" is part of the name, not a second party.
    assert care_of_parts("ENDOWMENT FOR CARE OF LEBANESE AND PALESTINIAN FAMILIES") == ()
    assert normalize_name("ENDOWMENT FOR CARE OF LEBANESE AND PALESTINIAN FAMILIES").tokens == (
        "endowment", "care", "lebanese", "palestinian", "families")
    assert care_of_parts("ACME Ltd care of Rosoboronexport") == ("ACME Ltd", "Rosoboronexport")
    # GUR writes "c/o" in Cyrillic letters.
    assert care_of_parts("Lobelia Transport Ltd С/о Thunder Shipmanagement LLC-FZ") == (
        "Lobelia Transport Ltd", "Thunder Shipmanagement LLC-FZ")


@pytest.mark.parametrize("value,tokens", [
    ("Consignee: Rosoboronexport", ("rosoboronexport",)),           # a document's role label
    ("NOTIFY PARTY - Mahan Air", ("mahan", "air")),
    ("TO ORDER OF BANK MELLI IRAN", ("bank", "melli", "iran")),      # a bill of lading's consignee
    ("Rosoboronexport, Tel: 8 (495) 534-61-83, Fax: +7 495 534 6153", ("rosoboronexport",)),
    ("Rosoboronexport; e-mail: roe@roe.ru, www.roe.ru", ("rosoboronexport",)),
    ("Rosoboronexport <info@roe.ru>", ("rosoboronexport",)),
])
def test_what_a_trade_document_writes_around_a_name_is_no_name_word(value: str, tokens: tuple[str, ...]):
    assert normalize_name(value).tokens == tokens


@pytest.mark.parametrize("value,tokens", [
    ("Order of Lenin Plant", ("order", "lenin", "plant")),          # an honour, not an order clause
    ("TO-MAR LLC", ("to", "mar")),                                   # no label without ":" or " - "
    ("GRACE 1", ("grace", "1")), ("Novikombank, Moscow 123001", ("novikombank", "moscow", "123001")),
    ("TO ORDER", ("to", "order")), ("info@acme.com", ("info", "acme", "com")),  # nothing else left
])
def test_names_that_only_look_like_document_noise_keep_their_words(value: str, tokens: tuple[str, ...]):
    assert normalize_name(value).tokens == tokens


@pytest.mark.parametrize("value,name,born", [
    ("Evgeniy Viktorovich Prigozhin, born 1961", "Evgeniy Viktorovich Prigozhin", "1961"),
    ("Evgeniy Prigozhin (DOB 01.06.1961)", "Evgeniy Prigozhin", "01.06.1961"),
    ("Kim Jong Un born January 8, 1984", "Kim Jong Un", "January 8, 1984"),
    ("Пригожин Е.В., род. 1961", "Пригожин Е.В.", "1961"),
    ("Newborn 2000 Ltd", "Newborn 2000 Ltd", None),     # no label, only a word ending in one
    ("born 1961", "born 1961", None),                   # nothing else written: the name stays
])
def test_a_birth_date_written_after_a_name_is_read_apart(value: str, name: str, born):
    assert embedded_birth_date(value) == (name, born)


def test_a_run_of_separators_does_not_make_the_birth_date_search_quadratic():
    import time

    start = time.perf_counter()
    for filler in (",", " ", "born ", "b. "):
        embedded_birth_date("X" + filler * 20_000 + "1")
    assert time.perf_counter() - start < 2.0  # (quadratic: minutes)


@pytest.mark.parametrize("value,person", [
    ("PRIGOZHIN Y.V.", True), ("Иванов И.И.", True), ("Y.V. Prigozhin", True), ("Deripaska O. V.", True),
    ("ACME S.A.", False), ("Romashka B.V.", False), ("Rosoboronexport", False), ("Bank of China", False),
    # Only the dotted letters are read: the surname's own S and A are no initials.
    ("Sasha S.A.", False), ("Bv B.V.", False),
])
def test_a_surname_with_dotted_initials_reads_as_a_person(value: str, person: bool):
    assert reads_as_initialled_person(value) is person


@pytest.mark.parametrize("value,expected", [("PSC - PROTON SHIPPING CO", "PROTON SHIPPING CO"),
                                            ("PROTON SHIPPING CO - PSC", "PROTON SHIPPING CO"),
                                            ("KKBC: Korea Kwangson Banking Corporation", "Korea Kwangson Banking Corporation"),
                                            ("ACME - Rosoboronexport", None),   # two parties, not an acronym
                                            ("Bank of China - Hong Kong", None)])
def test_an_acronym_of_the_name_written_before_or_after_a_dash_is_read_away(value, expected):
    assert without_dashed_acronym(value) == expected


def test_a_field_holding_a_name_in_two_scripts_is_read_as_both():
    assert slash_parts("Prigozhin Evgenii / Пригожин Евгений") == ("Prigozhin Evgenii", "Пригожин Евгений")
    assert slash_parts("ACME A/S") == () and slash_parts("Hafiz Saeed S/O Kamaluddin") == ()


def test_every_arabic_script_generic_word_romanises_to_one_key_of_its_english_word():
    # The table's written forms are looked up by their romanisation: a form that normalises
    # to two words (or to a legal form) would silently never be read.
    table = translated_abjad_words()
    for written, english in abjad_words():
        words = [t for t in normalize_name(written, "Organization").tokens if word_class(t) != PARTICLE]
        assert len(words) == 1 and canonical_token(english) in table[words[0]], (written, english, words)
    assert table["mrkz"] == frozenset({"center"}) and "national" in table["mly"]
    # A given name's romanisation is no key: علی (Ali) and محمد are not "supreme" or "institute".
    assert "ly" not in table and "mhmd" not in table and "mhd" not in table


@pytest.mark.parametrize("token,first,form", [
    ("curp", False, "inc"), ("corpp", False, "inc"), ("ltdd", False, "ltd"), ("llcc", False, "llc"),
    ("ojsk", True, "jsc"),
    ("ltd", False, None),    # the form itself
    ("pet", False, None),    # three-letter forms only by a letter added: Pet, Inn, Oak are words
    ("inn", False, None),
    ("joao", True, None),    # no letter added in front of a form written in front: João is no OAO
    ("cory", True, None),    # corp is written last
    ("comp", False, "inc"),  # an abbreviation of company: as good as corp
    ("co", False, None),
])
def test_a_short_legal_form_with_one_slip_is_recognised_only_where_words_rarely_are(token, first, form):
    found = misspelt_short_form(token, first=first)
    assert (found.id if found else None) == form


@pytest.mark.parametrize("ukrainian,russian", [("heorhiy", "georgy"), ("pavlo", "pavel"), ("yevhenii", "yevgeny"),
                                               ("oleh", "oleg"), ("hennadiy", "gennady")])
def test_ukrainian_given_names_fold_into_their_russian_spellings(ukrainian, russian):
    # Ukrainian romanises г as h: Heorhiy is Georgy, whatever the phonetic key says.
    assert canonical_token(ukrainian) == canonical_token(russian)
    assert is_patronymic("petrivna") and is_patronymic("petrovich")


def test_persian_family_names_made_from_a_given_name_are_names_of_their_own():
    # "Mohammed Mohammed" read 1.0 against Mohammad MOHAMMADI while the two name different
    # families of names; spellings of the given name still fold together.
    assert canonical_token("mohammadi") != canonical_token("mohammed") == canonical_token("muhammad")
    assert canonical_token("ahmadi") != canonical_token("ahmad") == canonical_token("ahmed")
    assert canonical_token("hosseini") != canonical_token("hussein")
    assert canonical_token("husseini") != canonical_token("hussein")
    assert canonical_token("sharifi") != canonical_token("sharif")


@pytest.mark.parametrize("value,latin", [
    ("LU, He Zheng", ("he", "zheng", "lu")),               # He, the Chinese family and given name
    ("HE, Daniel Y.", ("daniel", "y", "he")),
    ("He Yi", ("he", "yi")),
    ("H.E. Ali Khamenei", ("ali", "khamenei")),             # His Excellency, written so
    ("HUANG, Wang-gen", ("wang", "gen", "huang")),         # Gen inside a name is a syllable
    ("Tsai Ing-wen", ("tsai", "ing", "wen")),
    ("Gen. Qasem Soleimani", ("qasem", "soleimani")),      # ... in front it is the rank
    ("SOLEIMANI, Gen. Qasem", ("qasem", "soleimani")),
    ("MAHMOUD, Col. Abdel Hamid", ("abdel", "hamid", "mahmoud")),
    ("Ing. Dietmar Ulrichshofer", ("dietmar", "ulrichshofer")),
])
def test_titles_that_are_also_name_syllables_are_dropped_only_in_front(value: str, latin: tuple[str, ...]):
    assert normalize_name(value, "Person").latin == latin
