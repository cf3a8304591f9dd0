"""Names written in Arabic or Persian script against entries the lists spell only in Latin.

The index here is the real OFAC SDN list (sdn.csv + alt.csv), which has no Arabic-script
names: a match can only come from reading the vowel-less romanisation against the Latin
spellings (``lists.names.tokens.AbjadSpelling``).
"""

from __future__ import annotations

import pytest

from lists.parties.index import build_from_paths
from lists.parties.matcher import Matcher, token_similarity
from stream.models import EntityMatch
from tests.conftest import SHARED_DATA


@pytest.fixture(scope="module")
def sdn_matcher() -> Matcher:
    return Matcher(build_from_paths([SHARED_DATA / "lists" / "ofac" / "sdn.csv"]))


def first_found(matcher: Matcher, query: str, entity: str, schema: str | None) -> EntityMatch:
    """The top match of ``query``, asserted to be ``entity`` at or above the threshold."""
    found = matcher.match_name(query, schema=schema, top=3)
    assert found and found[0].entity_id == entity and found[0].score >= matcher.threshold, \
        [(m.entity_id, m.name, m.score) for m in found]
    return found[0]


def hows(match: EntityMatch) -> set[str]:
    return {a["how"] for a in match.explanation["alignment"]}


@pytest.mark.parametrize("query,entity", [
    ("قاسم سليماني", "us_ofac_sdn:10481"),           # Qasem SOLEIMANI
    ("حسن نصر الله", "us_ofac_sdn:2686"),             # Hasan NASRALLAH: "Allah" written apart
    ("أيمن الظواهري", "us_ofac_sdn:2676"),            # Ayman AL-ZAWAHIRI: article glued, ظ as z
    ("سراج الدين حقاني", "us_ofac_sdn:10743"),        # Sirajuddin HAQQANI: compound written apart
    ("محمد علی حسینی", "us_ofac_sdn:36003"),          # Mohammad Ali HOSSEINI, Persian letters
    ("مجتبی خامنه‌ای", "us_ofac_sdn:27848"),          # Mojtaba KHAMENEI: final ی as "a", silent ه before ZWNJ
    ("محمد حسين", "us_ofac_sdn:21977"),               # Muhammad HUSAYN: two of the commonest words only
    ("ינון לוי", "us_ofac_sdn:47320"),                # Yinon LEVI: Hebrew, ו as a vowel
    ("משה שרביט", "us_ofac_sdn:48243"),               # Moshe SHARVIT: Hebrew ש as sh
    ("حسن شاهوارپور", "us_ofac_sdn:28924"),           # Hassan SHAHVARPOUR: one و a consonant, one a vowel
    ("محمد جعفر منتظری", "us_ofac_sdn:40316"),        # Mohammad Jafar MONTAZERI: ظ read z, not the dh of "tz"
    ("عبدالرضا شهلائی", "us_ofac_sdn:11177"),         # SHAHLAI, Abdolreza (also listed apart: Abdul-Reza)
    ("اسماعیل احمدی\u200cمقدم", "us_ofac_sdn:12762"),  # AHMADI-MOQADDAM, Esma'il: ZWNJ between two names
    ("محمد بن بلقاسم العوادي", "us_ofac_sdn:7203"),    # AOUADI, Mohamed Ben Belgacem: French c for س, g for ق
])
def test_arabic_script_names_find_their_latin_listing(sdn_matcher: Matcher, query: str, entity: str):
    found = sdn_matcher.match_name(query, schema="Person", top=5)
    assert entity in [m.entity_id for m in found], (query, [(m.entity_id, m.name, m.score) for m in found])
    m = next(m for m in found if m.entity_id == entity)
    assert m.score >= sdn_matcher.threshold
    assert "abjad" in {a["how"] for a in m.explanation["alignment"]}


@pytest.mark.parametrize("query,entity", [
    ("حسن شاهوار پور", "us_ofac_sdn:28924"),   # SHAHVARPOUR: Persian writes the -pour apart
    ("ابو الفضل نظری", "us_ofac_sdn:40738"),   # NAZARI, Abolfazl: compound with its article apart
])
def test_words_written_apart_find_the_glued_latin_spelling(sdn_matcher: Matcher, query: str, entity: str):
    assert "spacing" in hows(first_found(sdn_matcher, query, entity, "Person"))


@pytest.mark.parametrize("query,entity", [
    ("عبدالرحیم الطلحی", "us_ofac_sdn:10477"),   # AL-TALHI, Abdul Rahim: Abd al- glued in the script
    ("امیرعلی حاجیزاده", "us_ofac_sdn:26942"),    # HAJIZADEH, Amir Ali: Persian glues the compound
    ("عبدالحکیم مراد", "us_ofac_sdn:7925"),       # MURAD, Abdul Hakim: only the glued word is rare
    ("عبدالرحمن یاسین", "us_ofac_sdn:6931"),      # YASIN, Abdul Rahman
    ("عبدالمجید نورمحمد", "us_ofac_sdn:10587"),   # NOOR MUHAMMAD, Abdul Majeed: two glued compounds
])
def test_a_compound_glued_in_the_script_finds_the_latin_spelling_written_apart(sdn_matcher: Matcher, query: str,
                                                                                 entity: str):
    assert "spacing" in hows(first_found(sdn_matcher, query, entity, "Person"))


def test_an_article_written_as_a_word_of_its_own_reads_al(sdn_matcher: Matcher):
    # جمات ال احرار: JAMAAT-UL-AHRAR, the article apart from both its words.
    found = first_found(sdn_matcher, "جمات ال احرار", "us_ofac_sdn:20360", "Organization")
    assert "al" in found.explanation["query_normalized"].split()


@pytest.mark.parametrize("query", ["شرکت بنیان دانش شرق", "شرکت سهامی خاص بنیان دانش شرق", "بنیان دانش شرق"])
def test_a_persian_company_word_or_form_is_a_legal_form_not_a_name_word(sdn_matcher: Matcher, query: str):
    # BONYAN DANESH SHARGH PRIVATE COMPANY: شرکت is "company", سهامی خاص "private joint stock".
    found = sdn_matcher.match_name(query, schema="Organization", top=3)
    assert found and found[0].entity_id == "us_ofac_sdn:48730", [(m.entity_id, m.name, m.score) for m in found]
    assert found[0].score >= 0.85 and not found[0].explanation["unmatched_query"]


def test_a_written_long_vowel_must_be_in_the_latin_spelling(sdn_matcher: Matcher):
    # حسنی (Hosni) writes no ی between س and ن: it is not Hosseini (حسینی).
    found = sdn_matcher.match_name("محمد علی حسنی", schema="Person", top=5)
    assert "us_ofac_sdn:36003" not in [m.entity_id for m in found]


def test_an_arabic_script_query_finds_nothing_for_an_unrelated_name(sdn_matcher: Matcher):
    assert sdn_matcher.match_name("ناجي الدقاق", schema="Person") == []  # a clean name (negatives/persons.csv)


def test_an_arabic_script_match_does_not_depend_on_the_threshold(sdn_matcher: Matcher):
    # Blocking prunes names that cannot reach the threshold; a word it finds no listed
    # spelling for must not make a higher threshold lose a match a lower one scores above it.
    query = "محمد جعفر منتظری"
    low = sdn_matcher.match_name(query, schema="Person", threshold=0.5, top=1)
    assert low and low[0].score >= sdn_matcher.threshold, [(m.entity_id, m.score) for m in low]
    at = sdn_matcher.match_name(query, schema="Person", top=1)
    assert [(m.entity_id, m.score) for m in at] == [(low[0].entity_id, low[0].score)]


@pytest.mark.parametrize("query,entity", [
    ("مرکز تحقیقات شهید حاج علی موحد", "us_ofac_sdn:19716"),      # SHAHID HAJ ALI MOVAHED RESEARCH CENTER
    ("الجماعة الاسلامية المقاتلة الليبية", "us_ofac_sdn:6898"),   # LIBYAN ISLAMIC FIGHTING GROUP
    ("سپاه پاسداران انقلاب اسلامی", "us_ofac_sdn:10391"),         # ISLAMIC REVOLUTION GUARDS CORPS
    ("سازمان صنایع دفاع", "us_ofac_sdn:10153"),                   # DEFENSE INDUSTRIES ORGANIZATION
    ("شرکت ملی نفت ایران", "us_ofac_sdn:11317"),                  # NATIONAL IRANIAN OIL COMPANY
    ("شرکت هواپیمایی ماهان", "us_ofac_sdn:12927"),                # MAHAN AIR
    ("وزارت نفت", "us_ofac_sdn:29788"),                           # MINISTRY OF PETROLEUM
    ("بانک مرکزی ایران", "us_ofac_sdn:4632"),                     # CENTRAL BANK OF IRAN
    ("المصرف التجاري السوري", "us_ofac_sdn:12847"),               # COMMERCIAL BANK OF SYRIA: مصرف is bank
    ("مصرف سوريا المركزي", "us_ofac_sdn:30663"),                  # CENTRAL BANK OF SYRIA
])
@pytest.mark.parametrize("schema", ["Organization", None])
def test_generic_words_find_the_name_the_list_prints_translated(sdn_matcher: Matcher, query: str, entity: str,
                                                                schema: str | None):
    # Word by word, مرکز تحقیقات is "markaz tahqiqat", which no Latin spelling of RESEARCH
    # CENTER is: the words are also read as the English words (abjad_words.yml).
    assert "translated" in hows(first_found(sdn_matcher, query, entity, schema))


def test_a_translated_word_does_not_crowd_out_the_transliterated_listing(sdn_matcher: Matcher):
    # سپه (Sepah) is also "corps": the names holding CORPS must not take the places of BANK SEPAH.
    first_found(sdn_matcher, "بانک سپه", "us_ofac_sdn:25580", "Organization")
    # ... and بانک ملی ایران is still Bank Melli's entries, read either way.
    melli = sdn_matcher.match_name("بانک ملی ایران", schema="Organization", top=3)
    assert melli and all("MELLI" in m.name or "NATIONAL BANK OF IRAN" in m.name for m in melli[:2]), \
        [(m.entity_id, m.name, m.score) for m in melli]


def test_a_person_name_is_never_read_as_translated_words(sdn_matcher: Matcher):
    cfg = sdn_matcher.config
    assert token_similarity("mrkz", "center", cfg, person=False, abjad=True) == (cfg.tokens["abjad_translated"], "translated")
    assert token_similarity("mrkz", "center", cfg, person=True, abjad=True)[1] != "translated"
    found = sdn_matcher.match_name("سازمان صنایع دفاع", schema="Person", top=3)
    assert "us_ofac_sdn:10153" not in [m.entity_id for m in found]
