"""Chinese names written in Cyrillic read back in pinyin (``lists/names/palladius.py``)."""

from __future__ import annotations

import pytest

from lists.names import palladius as P
from lists.names.normalize import normalize_name


@pytest.mark.parametrize("cyrillic,pinyin", [
    ("цзиньпин", "jinping"),       # цз j, нь -n, н -ng
    ("шэньчжэнь", "shenzhen"),     # чж zh, шэ she
    ("гуанчжоу", "guangzhou"),
    ("хуавэй", "huawei"),          # zero-initial wei вэй
    ("хуэй", "hui"),               # hui is хуэй, not хуй
    ("сюэ", "xue"),                # x before ü: с + юэ
    ("цзюнь", "jun"),
    ("люй", "lu"),                 # ü written u, as the lists print Lü
    ("хэнань", "henan"),           # he+nan: no vowel-initial syllable after н
    ("хэнъань", "hengan"),         # ... Palladius writes ъ there
    ("хуан", "huang"),             # the fewest syllables: not hu+ang
    ("цзы", "zi"), ("сы", "si"), ("чжи", "zhi"),
])
def test_a_palladius_word_reads_back_as_its_pinyin(cyrillic: str, pinyin: str):
    assert P.pinyin_of(cyrillic) == pinyin


@pytest.mark.parametrize("word", ["петров", "москва", "", "ъ", "цзиньцзиньцзиньцзинь", "a" * 100])
def test_a_word_of_no_palladius_syllables_reads_nothing(word: str):
    assert P.pinyin_of(word) == ""


@pytest.mark.parametrize("text,reading", [
    ("Си Цзиньпин", "xi jinping"),
    ("Ма Сяохун", "ma xiaohong"),   # no Palladius-only shape, but every word reads so
    ("Ван И", "wang yi"),
    ("ООО «Шэньчжэнь Хуавэй Текнолоджис»", "ООО «shenzhen huawei Текнолоджис»"),
    ("Хуавэй Текнолоджис Ко., Лтд.", "huawei Текнолоджис Ко., Лтд."),  # Ко. is Co., not kuo
])
def test_a_chinese_name_in_cyrillic_is_read_with_its_chinese_words_in_pinyin(text: str, reading: str):
    assert P.palladius_reading(text) == reading


@pytest.mark.parametrize("text", ["Иван Петров", "Москва", "ООО Ромашка", "Иванов Иван Иванович",
                                  "Анна Ли Мария Ван Ян"])  # (five words: no Chinese name)
def test_a_russian_name_gets_no_pinyin_reading(text: str):
    assert P.palladius_reading(text) is None


def test_english_words_in_russian_transcription_fold_to_the_english_word():
    # Russian documents transcribe the English words of Chinese firms' names: the variants
    # table folds them as the lists' Latin names write them, and Ко., Лтд. is Co., Ltd.
    norm = normalize_name("huawei Текнолоджис Интернэшнл Трейдинг Ко., Лтд.")
    assert norm.tokens == ("huawei", "technology", "international", "trading")
    assert [f.id for f in norm.legal_forms] == ["ltd"]


def test_a_hostile_cyrillic_text_is_read_without_error():
    assert P.palladius_reading("цз" * 50_000) is None
    reading = P.palladius_reading("Си Цзинь " * 10_000)
    assert reading is not None and reading.split() == ["xi", "jin"] * 10_000


def test_every_palladius_spelling_reads_back_as_one_pinyin_syllable():
    # (ло is luo: the interjection lo, spelt alike, is left out of the table.)
    from lists.names.tables import read_csv

    seen: dict[str, str] = {}
    for row in read_csv("palladius.csv"):
        assert seen.setdefault(row["cyrillic"], row["pinyin"]) == row["pinyin"], row
    assert P.pinyin_of("ло") == "luo"


def test_a_word_with_other_cyrillic_letters_is_read_whole_or_not_at_all():
    # Ukrainian Ґалаґан holds "ала" and "ан": no part of a word is read as Palladius.
    assert P.palladius_reading("панна Галина Ґалаґан") is None
    assert P.palladius_reading("Ґалаґан Цзиньпин") == "Ґалаґан jinping"
