"""Chinese names written in Wade-Giles, read in pinyin (``lists/names/wade_giles.py``)."""

from __future__ import annotations

import time

import pytest

from lists.names.wade_giles import wade_giles_readings, wade_giles_spelling


@pytest.mark.parametrize("written,pinyin", [
    ("Chang Chun-hsien", "zhang chunxian"),       # ch is zh, hs x, -ien -ian; the given name glued
    ("Chi Ping-hsuan", "ji bingxuan"),            # ch before i is j, p unaspirated b
    ("Hsu Hsiao-hung", "xu xiaohong"),            # -ung is -ong
    ("Kuo Juei-kuang", "guo ruiguang"),           # j is r, k g, -uei -ui
    ("SHEN, Yueh-yueh", "shen, yueyue"),          # the comma kept: the surname written first
    ("Yen Chih-yung", "yan zhiyong"),             # yen is yan, chih zhi
    ("Tseng Kuo-fan", "zeng guofan"),             # ts is z
    ("Chiang Ching-kuo", "jiang jingguo"),
    ("Lu Ho-cheng", "lu hezheng"),                # ho is he after h and k
    ("Ssu-ma Kuang", "sima guang"),               # ssu is si
])
def test_a_wade_giles_name_is_read_in_pinyin(written: str, pinyin: str):
    assert pinyin in wade_giles_readings(written)


def test_a_bare_aspirate_is_read_both_ways_unless_the_name_writes_apostrophes():
    # Documents drop the apostrophe of ch' (pinyin ch, q): "Chen" may be Zhen or Chen.
    readings = wade_giles_readings("Hsu Chen-hsi")
    assert "xu zhenxi" in readings and "xu chenxi" in readings
    # A name that writes its apostrophes writes them everywhere: bare ch is zh.
    assert wade_giles_readings("Ch'en Chih-hsi") == ["chen zhixi"]


@pytest.mark.parametrize("written", [
    "John Smith", "Maria Garcia Lopez", "Zhang Wei", "Chang Lei",  # pinyin (or both): read as written
    "Kim Jong Un", "Janina Ochota", "Rosoboronexport", "Li",      # no Wade-Giles name
    "CHANG, Chun-hsien, Taipei, Taiwan",                          # not a name alone
])
def test_names_that_are_not_wade_giles_get_no_reading(written: str):
    assert wade_giles_readings(written) == []


def test_readings_are_bounded_and_hostile_names_read_fast():
    # Every syllable of "Chang Chun-chen Chu-chun" is ambiguous: at most 8 readings.
    assert 0 < len(wade_giles_readings("Chang Chun-chen Chu-chun Chi")) <= 8
    start = time.perf_counter()
    assert wade_giles_readings("hsien-" * 20_000) == []
    assert wade_giles_readings("Chang " + "hsien" * 10_000) == []
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("pinyin,spelt", [
    (("bao", "youxiang"), ("pao", "yu", "hsiang")),     # how OFAC prints the UWSA's Pao Yu-hsiang
    (("wei", "xuegang"), ("wei", "hsueh", "kang")),
    (("zhou", "xiancheng"), ("chou", "hsien", "cheng")),
    (("xi", "jinping"), ("hsi", "chin", "ping")),
])
def test_a_pinyin_name_is_spelt_the_wade_giles_way_without_marks(pinyin: tuple[str, ...], spelt: tuple[str, ...]):
    assert wade_giles_spelling(pinyin) == spelt


@pytest.mark.parametrize("words", [("wang", "wei"), ("sun", "feng"), ("john", "smith"), ("zhang",),
                                   ("zhang", "wei", "ming", "li", "hua")])
def test_names_wade_giles_spells_alike_or_not_chinese_get_no_spelling(words: tuple[str, ...]):
    assert wade_giles_spelling(words) is None
