"""Hostile party names against every shared list: any text screens to a well-formed answer."""

from __future__ import annotations

import pytest

import random

from lists.names import normalize_name
from lists.parties.matcher import Matcher

# Code point ranges a hostile or broken producer may send: ASCII and control characters,
# Latin with diacritics, Greek, Cyrillic, Hebrew and Arabic (with their marks), Hangul jamo,
# kana, Han, Hangul syllables, general punctuation (bidi and zero-width controls),
# variation selectors, emoji, full-width forms, combining marks.
_RANGES = [(0x0, 0x1F), (0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x5FF),
           (0x600, 0x6FF), (0x1100, 0x11FF), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xACFF),
           (0x2000, 0x206F), (0xFE00, 0xFE0F), (0x1F300, 0x1F5FF), (0xFF00, 0xFFEF), (0x300, 0x36F)]
# Words that pull a name into the matcher's special paths: legal forms, Arabic articles and
# compounds, common given names, punctuation the normaliser treats specially.
_WORDS = ["al", "bin", "abd", "allah", "ООО", "llc", "ltd", "co", "s.a.", "de", "c.v.", "mohammed", "محمد",
          "عبد", "الله", "ישראל", "金", "김", "-", "'", ".", ",", "&", "(", ")"]


def _junk_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 40)):
            if rng.random() < 0.4:
                parts.append(rng.choice(_WORDS))
            else:
                lo, hi = rng.choice(_RANGES)
                parts.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 12))))
        names.append(rng.choice([" ", "", "-", ", "]).join(parts)[:512])
    return names


def test_random_multi_script_junk_screens_to_well_formed_answers(matcher: Matcher):
    rng = random.Random(7)
    for name in _junk_names(1500, seed=11):
        matches = matcher.match_name(
            name, schema=rng.choice([None, "Person", "Organization", "Vessel", "unknown"]),
            country=rng.choice([None, "RU", "xx", ""]), dob=rng.choice([None, "1970", "abcd", "19701301"]),
            identifiers=rng.choice([(), ("IMO 1234567",), ({"type": "IMO", "value": "9999999"},)]))
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)
        assert all(m.explanation for m in matches)


def test_a_listed_name_padded_with_junk_characters_is_still_found(matcher: Matcher):
    """Zero-width and bidi controls, variation selectors and stray marks inside a listed
    name do not hide it. (The override shows "liO" as "Oil": the name is read as shown.)"""
    padded = "\u200bRos\u200dneft\ufe0f \u202eliO\u202c Company\u200e"
    plain = matcher.match_name("Rosneft Oil Company")
    found = matcher.match_name(padded)
    assert plain and "ROSNEFT" in plain[0].name
    assert [(m.entity_id, m.score) for m in found] == [(m.entity_id, m.score) for m in plain]


def test_an_arabic_word_repeating_letters_with_several_readings_has_bounded_keys(matcher: Matcher):
    """و ج ق ذ ث each have a second reading: rewritten one occurrence at a time, a word of
    them would have readings multiplying with its length at every rule (a 21-letter one
    took 2 s, a 42-letter one did not finish); a longer word gets its plain skeleton only."""
    from lists.names.tokens import _MAX_ABJAD_READINGS, _MAX_SINGLE_REWRITES, abjad_keys, skeleton_keys

    word = "وجقذث" * 4
    token = normalize_name(word).tokens[0]
    assert len(token) == 28  # wjqdhth four times
    assert len(abjad_keys(token)) <= 2 * _MAX_ABJAD_READINGS * (2 + _MAX_SINGLE_REWRITES) + 2
    long_token = normalize_name(word * 25).tokens[0]
    assert abjad_keys(long_token) == skeleton_keys(long_token)
    matches = matcher.match_name(f"{word * 25} {word} محمد", schema="Person")
    assert all(0.0 <= m.score <= 1.0 for m in matches)


def test_a_huge_one_word_name_is_not_read_as_glued_list_words(matcher: Matcher):
    # "bankmelliiran" 400 times glues 1,200 listed words: segmenting it walked every word
    # ending at every letter. Whole names are read as glued words only up to 64 letters.
    from lists.names import normalize_name

    huge = normalize_name("bankmelliiran" * 400)
    assert matcher._unglued(huge) == []
    assert matcher._unglued(normalize_name("BANKMELLIIRAN"))[0].tokens == ("bank", "melli", "iran")


def test_place_qualifiers_in_hostile_shapes_never_empty_a_name(matcher: Matcher):
    # Parentheses, dashes and commas around place names, nested and repeated: the places are
    # split off only where a name is left, and screening answers as for any name.
    shapes = ["(Moscow)" * 300, "(" * 500 + "Hong Kong" + ")" * 500, "X LLC" + ", Dubai" * 400,
              "Moscow - Moscow - Moscow", "LLC (Iran)", "- Iran", ", Iran", "Kord Ltd" + " -" * 2000 + " Moscow",
              "q ," + "." * 5000 + "Dubai", "Rosoboronexport (Moscow) (Tehran) (Minsk) - Dubai, Iran"]
    for name in shapes:
        norm = normalize_name(name)
        assert norm.tokens, name
        assert isinstance(matcher.match_name(name), list)
    assert normalize_name("Rosoboronexport (Moscow) (Tehran) (Minsk) - Dubai, Iran").tokens == ("rosoboronexport",)


def test_a_listed_name_decorated_with_emoji_and_signs_is_still_found(matcher: Matcher):
    """Pictographs, flags, currency and trademark signs are no words of a name: anyascii
    would spell them as words ("rocket", "RU", "EUR", "TM") that the listed name lacks."""
    plain = matcher.match_name("Rosoboronexport")
    assert plain and plain[0].score == 1.0
    for decorated in ("🚀 Rosoboronexport 🚀", "🇷🇺 Rosoboronexport™", "Rosoboronexport ♥ €", "✔ ROSOBORONEXPORT ©",
                      "🆁🅾🆂🅾🅱🅾🆁🅾🅽🅴🆇🅿🅾🆁🆃", "ⓡⓞⓢⓞⓑⓞⓡⓞⓝⓔⓧⓟⓞⓡⓣ", "ʀᴏsᴏʙᴏʀᴏɴᴇxᴘᴏʀᴛ", "𝐑𝐨𝐬𝐨𝐛𝐨𝐫𝐨𝐧𝐞𝐱𝐩𝐨𝐫𝐭", "ꓣꓳꓢꓳꓐꓳꓣꓳꓠꓰꓫꓑꓳꓣꓔ"):
        found = matcher.match_name(decorated)
        assert [(m.entity_id, m.score) for m in found][:1] == [(plain[0].entity_id, 1.0)], decorated


def test_a_name_written_backwards_behind_a_right_to_left_override_is_read_as_displayed(matcher: Matcher):
    """"\u202eTROPXENOROBOSOR" displays as ROSOBORONEXPORT: a document shows the listed name
    while its bytes spell it backwards."""
    found = matcher.match_name("JSC \u202eTROPXENOROBOSOR\u202c")
    assert found and found[0].score == 1.0 and "ROSOBORONEXPORT" in found[0].name.upper()


@pytest.mark.parametrize("name", ["\u202eRosoboronexport", "JSC \u202eROSOBORONEXPORT\u202c", "Roso\u202eboronexport"])
def test_a_name_stored_in_order_behind_a_right_to_left_override_is_read_as_stored_too(matcher: Matcher, name: str):
    """Behind the override the listed name displays reversed, but a system reading the
    characters (the customs declaration's own) reads it as listed: read both ways, never
    only as displayed (which found nothing)."""
    found = matcher.match_name(name)
    assert found and found[0].score == 1.0 and "ROSOBORONEXPORT" in found[0].name.upper(), found


def test_a_listed_name_written_letter_by_letter_is_found(matcher: Matcher):
    found = matcher.match_name("R O S O B O R O N E X P O R T")
    assert found and found[0].score == 1.0 and "ROSOBORONEXPORT" in found[0].name.upper()


def test_long_runs_around_document_noise_and_qualifiers_screen_to_answers(matcher: Matcher):
    # The patterns that read away labels, contact details, identifiers and "named after"
    # once tried every position of a run of separators: 20,000 commas and an "@" took 135 s.
    # Each of these now screens like any long name (tens of milliseconds).
    n = 20_000
    for name in ("," * n + "@", ";" * n + " tel", ", " * n + "+1", "(" * n + "IMO 9270658", "x" + ", " * n + "named after Y",
                 "a" * n + "@", "ltd-" + "-" * n + "sey", "Consignee: " * 2000 + "Rosoboronexport"):
        matches = matcher.match_name(name)
        assert all(0.0 <= m.score <= 1.0 and m.explanation for m in matches), name[:40]
