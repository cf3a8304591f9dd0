"""German, Polish and French transcriptions of East Slavic names (``lists/names/transcription.py``)."""

from __future__ import annotations

import time

import pytest

from lists.names import normalize_name
from lists.names.transcription import caron_respelling, english_transcriptions


def _read(name: str) -> list[tuple[str, ...]]:
    return english_transcriptions(normalize_name(name, "Person").latin)


@pytest.mark.parametrize("name,english", [
    # German (Duden): z is Ц, s between vowels or starting a word is З, w is В, sch/tsch Ш/Ч
    ("Sacharow Andrej Anatoljewitsch", "zakharov andrey anatolyevich"),
    ("Wiktor Arkadjewitsch Schwezow", "viktor arkadyevich shvetsov"),
    ("Juschtschenko Aleksandr Andrejewitsch", "yushchenko aleksandr andreyevich"),
    ("Kasakewitsch Gennadi Arkadjewitsch", "kazakevich gennadi arkadyevich"),
    # Polish: c is Ц, cz/sz/szcz Ч/Ш/Щ, ie after a consonant Е
    ("Aleksej Aleksejewicz Szaszkow", "aleksey alekseyevich shashkov"),
    ("Malcew Oleksandr Jewhenowycz", "maltsev oleksandr yevgenovych"),
    ("Szczapow Michail Wiktorowicz", "shchapov mikhail viktorovich"),
    # French: ou is У, j Ж, ch Ш, tch Ч
    ("Joukov Mikhail Valerevitch", "zhukov mikhail valerevich"),
    ("Chtchapov Mikhail Viktorovitch", "shchapov mikhail viktorovich"),
    # GOST 7.79 system B: x is Х, j Й
    ("Mixajlov Mikola Petrovich", "mikhaylov mikola petrovich"),
    ("Boris Mixajlovich Gladkix", "boris mikhaylovich gladkikh"),
])
def test_a_transcribed_name_is_read_in_english_spelling(name: str, english: str):
    assert tuple(english.split()) in _read(name)


def test_ukrainian_h_is_read_as_g_only_in_a_ukrainian_name():
    # Г is h in Ukrainian spelling whatever the transcription; a Russian name keeps its h.
    assert ("gryshkov", "valeriy", "vasylovych") in _read("Hryschkow Walerij Wassylowytsch")
    assert all("g" not in " ".join(r) for r in _read("Michail Wladimirowitsch Chodakow"))


@pytest.mark.parametrize("name", ["John Smith", "Ivanov Sergey Petrovich", "Maria Garcia Lopez",
                                  "Hans Schmidt", "Rosneft", "Alexander Ivanov", "Maxim Sokolov"])
def test_names_without_a_systems_markers_get_no_reading(name: str):
    assert _read(name) == []


def test_polish_digraphs_keep_a_name_from_being_read_as_german():
    # "Kuzniecow": Polish c is Ц but German z would make the z a Ц too.
    readings = _read("Kuzniecow Andriej Wiktorowicz")
    assert readings == [("kuznetsov", "andrey", "viktorovich")]


def test_hostile_names_are_read_in_bounded_time():
    start = time.perf_counter()
    assert _read("schtsch" * 5_000 + "ow Sergejewitsch") == []  # (a word over 40 letters: not a name)
    assert len(english_transcriptions(["sasasasasasasasasasasasasasasasasasasow"] * 6)) <= 3
    assert time.perf_counter() - start < 1.0


def test_a_ukrainian_name_with_h_for_g_is_read_with_g_when_no_other_system_reads_it():
    # ICAO and the Ukrainian national romanisation write Г h; the lists' transliteration of
    # Ukrainian script writes g (ГАГКУЄВ Руслан Григорійович: gagkuev ... grigoriyovich).
    assert _read("Hahkuiev Ruslan Hryhoriiovych") == [("gagkuiev", "ruslan", "grygoriiovych")]
    assert _read("Hahkuiev Ruslan") == []  # (no Ukrainian patronymic: h stays h)


@pytest.mark.parametrize("text,respelt", [("Ščapov Michail Viktorovič", "Shchapov Michail Viktorovich"),
                                          ("Aliaksandr Lukašenka", "Aliaksandr Lukashenka"),
                                          ("Žukov", "Zhukov"), ("Smith", None)])
def test_carons_are_respelt_with_h(text: str, respelt: str | None):
    assert caron_respelling(text) == respelt
