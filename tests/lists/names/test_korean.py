"""Romanised Korean names read as Hangul syllables (``lists/names/korean.py``)."""

from __future__ import annotations

import time

import pytest

from lists.names import korean as K


@pytest.mark.parametrize("mr,rr", [
    ("kang", "gang"), ("kil", "gil"), ("mun", "moon"), ("kyu", "gyu"), ("cho", "jo"),
    ("chol", "cheol"), ("hyok", "hyeok"), ("un", "eun"), ("song", "seong"), ("chong", "jeong"),
    ("pyong", "byeong"), ("kyong", "gyeong"), ("tong", "dong"), ("pak", "bak"), ("choe", "choi"),
    ("ri", "lee"), ("ri", "yi"), ("ryong", "yong"), ("phyong", "pyeong"), ("thae", "tae"),
    ("ro", "roh"), ("su", "soo"), ("hui", "hee"), ("kim", "gim"),
])
def test_a_syllable_in_mccune_reischauer_and_in_the_revised_romanization_is_one_syllable(mr: str, rr: str):
    assert K.korean_alike(mr, rr) and K.korean_alike(rr, mr)


@pytest.mark.parametrize("a,b", [("junsik", "chunsik"), ("chunsong", "chunsong"), ("jongun", "jeongeun"),
                                 ("munil", "munil"), ("buil", "puil")])
def test_glued_given_names_compare_syllable_by_syllable(a: str, b: str):
    assert K.korean_alike(a, b)


@pytest.mark.parametrize("a,b", [("kim", "lim"), ("su", "sok"), ("ho", "hong"), ("kim", "kam"),
                                 ("munil", "mun"), ("chol", "chil"), ("pak", "pam")])
def test_different_syllables_or_a_different_count_are_not_alike(a: str, b: str):
    assert not K.korean_alike(a, b)


def test_a_glued_word_keeps_every_way_it_splits_into_syllables():
    # "jongun" is Jong-un and Jon-gun: both readings are kept, the comparison picks.
    assert sorted(len(r) for r in K.korean_readings("jongun")) == [2, 2]
    assert K.korean_alike("jongun", "jeongeun") and K.korean_alike("jongun", "jeongun")


@pytest.mark.parametrize("word", ["smith", "strzelecki", "trading", "wright", "x"])
def test_words_that_are_no_romanised_korean_have_no_reading(word: str):
    assert K.korean_readings(word) == ()


def test_long_and_hostile_words_are_read_in_bounded_time():
    start = time.perf_counter()
    assert K.korean_readings("a" * 50_000) == ()
    many = K.korean_readings("aeaeaeaeaeaeaea")  # every vowel a syllable: thousands of splits
    assert len(many) <= K._MAX_READINGS and all(len(r) <= K._MAX_SYLLABLES for r in many)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("tokens,expected", [
    (("gang", "moon", "gil"), True), (("ri", "chunsong"), True), (("kim", "j", "u"), True),
    (("john", "smith"), False), (("han", "song", "trading"), False), (("kim",), False),
])
def test_a_korean_looking_name_is_syllables_with_a_family_name(tokens: tuple[str, ...], expected: bool):
    assert K.looks_korean(tokens) is expected


def test_every_syllable_the_table_reads_is_a_hangul_syllable():
    table = K._tables().table
    assert all(0xAC00 <= code <= 0xD7A3 for codes in table.values() for code in codes)
    # Each family name is spelt by some romanised syllable.
    spelt = {code for codes in table.values() for code in codes}
    assert K._tables().surnames <= spelt


@pytest.mark.parametrize("query,listed", [("chul", "chol"), ("hyuk", "hyok"), ("hyun", "hyon"),
                                          ("donghyuk", "tonghyok"), ("daechul", "taechol")])
def test_a_query_may_use_passport_spellings_the_lists_do_not(query: str, listed: str):
    # Passports write ㅓ u and ㅕ yu (Chul, Hyun); MR writes o and yo, RR eo and yeo.
    assert K.korean_alike(query, listed)
    # Not the other way round: a listed name's u and yu are read as the lists spell.
    assert not K.korean_alike(listed, query)


def test_a_listed_u_is_never_read_as_eo():
    assert not K.korean_alike("seo", "su")  # 서 against a DPRK 수
    assert not K.korean_alike("seo", "su", documents=False)
    assert K.korean_alike("su", "soo") and K.korean_alike("seung", "sung")  # 수 / 승 both ways


@pytest.mark.parametrize("word", ["kwangson", "ryonbong", "haegumgang", "rimyongsu", "tangun", "chilsong"])
def test_a_listed_korean_trade_name_spells_korean_name_syllables(word: str):
    assert K.spells_korean_name(word)


@pytest.mark.parametrize("word", ["peoples", "border", "computer", "settlement", "zinc", "x" * 40])
def test_english_words_of_a_korean_entry_spell_no_korean_name(word: str):
    # "bor der", "peop les": syllables, but ending as no romanised name syllable ends.
    assert not K.spells_korean_name(word)


@pytest.mark.parametrize("cyrillic,romanised", [
    ("Ким Чен Ын", "kim chong un"),        # traditional Чен (ㅓ as е), Ын (ㅡ as ы)
    ("Чхве Рён Хэ", "choe ryong hae"),     # Kontsevich чх, ё, э
    ("Ри Пён Чхоль", "ri pyong chol"),     # final ㄹ as ль
    ("Пак Пон Чжу", "pak pong ju"),        # traditional чж
    ("Ко Иль Хван", "ko il hwan"),         # в of a diphthong
    ("Цой Ен Сук", "choe yon suk"),        # the Soviet Koreans' Цой; е at a word's start
    ("КИМ Ир-Сен", "kim il song"),         # upper case, a hyphen, final р as ㄹ
])
def test_a_korean_name_in_cyrillic_reads_as_the_lists_romanise_it(cyrillic: str, romanised: str):
    assert romanised in K.cyrillic_korean_spellings(cyrillic, most=16)


def test_the_reading_the_lists_hold_most_often_comes_first():
    # Final ㄴ and ㅇ are both н: the reading whose words the lists hold (most often) comes first.
    counts = {"kim": 90, "chong": 40, "chon": 3, "un": 12}
    assert K.cyrillic_korean_spellings("Ким Чен Ын", lambda w: counts.get(w, 0))[0] == "kim chong un"
    counts["chon"] = 400  # (more often held: first, whatever its likelihood as spelt)
    assert K.cyrillic_korean_spellings("Ким Чен Ын", lambda w: counts.get(w, 0))[0] == "kim chon un"


@pytest.mark.parametrize("cyrillic", [
    "Ким Марина Евгеньевна",   # a Soviet Korean's Russian given name and patronymic
    "Цой Виктор Робертович",
    "Путин Владимир",          # no Korean family name
    "Ким",                     # one word
    "Ким Чен Ын Ким Чен Ын",   # five words
    "Kim Jong Un",             # Latin: read by the romanisation tables themselves
    "Ким Chen Ын",
    "пан Богдан Бабко",        # Polish "Mr": bog-dan would be syllables ending in g
])
def test_names_that_are_no_korean_name_in_cyrillic_have_no_reading(cyrillic: str):
    assert K.cyrillic_korean_spellings(cyrillic) == ()


def test_a_hostile_cyrillic_name_has_few_readings():
    # A word of ten е would have 59,049 spellings: past 64 combinations a letter group is
    # read its likeliest way only, and a name has at most 64 readings.
    assert len(K._cyrillic_word_spellings("е" * 10)) <= K._MAX_CYRILLIC_WORD_SPELLINGS
    for text in ("Ким ееееееееее", "Ким ененененен еннеенненн ееееннннее", "Ким " + "е" * 50_000,
                 "Ким " * 5_000, "Ким Чен-Ын-Ын-Ын"):
        assert len(K.cyrillic_korean_spellings(text, lambda w: 1, most=1_000)) <= 64
