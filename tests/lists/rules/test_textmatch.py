"""Free-text term matching: folding across scripts, whole words, stems, CJK, negation, exclusions."""

from __future__ import annotations

from lists.rules.textmatch import FoldedText, Lexicon, fold_tokens


def find(lex: Lexicon, text: str) -> list[str]:
    return lex.find(FoldedText.of(text))


def test_folding_unifies_scripts_homoglyphs_and_punctuation() -> None:
    assert fold_tokens("Донецьк") == fold_tokens("Донецк") == fold_tokens("DONETSK,") == ("donetsk",)
    assert fold_tokens("Dоnetsk") == ("donetsk",)       # Cyrillic о
    assert fold_tokens("Ｄｏｎｅｔｓｋ") == ("donetsk",)   # full-width
    assert fold_tokens("Sevastopol'") == ("sevastopol",)


def test_whole_words_only_and_multiword_terms() -> None:
    lex = Lexicon.build(["Donetsk", "North Korea"])
    assert find(lex, "Donetsk oblast") == ["Donetsk"]
    assert find(lex, "Novodonetskoye") == []
    assert find(lex, "north of Korea Town") == []
    assert find(lex, "Pyongyang, North  Korea") == ["North Korea"]


def test_stem_terms_match_inflections() -> None:
    lex = Lexicon.build(["yadern*"])
    assert find(lex, "для ядерной программы") == ["yadern*"]
    assert find(lex, "ядерный реактор") == ["yadern*"]


def test_cjk_terms_match_as_substrings() -> None:
    lex = Lexicon.build(["核兵器", "평양"])
    assert find(lex, "核兵器開発用") == ["核兵器"]
    assert find(lex, "평양시 중구역") == ["평양"]


def test_negation_is_clause_bound() -> None:
    lex = Lexicon.build(["military", "missile"], negations=["not", "non"])
    assert find(lex, "not for military use") == []
    assert find(lex, "non-military") == []
    assert find(lex, "Not for resale. Missile test stand") == ["missile"]
    assert find(lex, "civil use, but for missile tests") == ["missile"]


def test_exclusions_mask_their_words() -> None:
    lex = Lexicon.build(["nuclear"], exclusions=["nuclear magnetic resonance"])
    assert find(lex, "nuclear magnetic resonance spectrometer") == []
    assert find(lex, "NMR (nuclear magnetic resonance) for a nuclear plant") == ["nuclear"]


def test_hits_are_reported_in_lexicon_order_once() -> None:
    lex = Lexicon.build(["b", "a"])
    assert find(lex, "a b a b") == ["b", "a"]
