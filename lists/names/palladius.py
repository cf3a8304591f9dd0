"""Chinese names written in Cyrillic (the Palladius system) read back in pinyin.

Russian customs declarations, registers and the press write Chinese parties in Cyrillic:
"Си Цзиньпин" is XI Jinping, "Шэньчжэнь Хуавэй" Shenzhen Huawei. The lists print them in
pinyin, and a letter-by-letter transliteration of the Cyrillic (si tszinpin, shenchzhen
khuavey) meets neither spelling: Palladius writes j and z цз, zh чж, q and c ц, x and s с,
-ng н and -n нь. The system maps syllable to syllable (``palladius.csv``), so a word that
splits into its syllables is read back as the pinyin it spells.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lists.names.tables import read_csv

_MAX_WORD = 16  # Cyrillic letters of a word of three syllables at most ("Шэньчжэнь" is 9)
_MAX_SYLLABLES = 3
# Shapes of Palladius spelling that Russian words rarely have: цз, чж, э after a consonant,
# эй, нь at a syllable's end (-n). A name is read back when one of its words has one, or
# when every word reads so: "Иван" splits into yi+wang too, but not "Иван Петров".
_MARKERS = re.compile(r"цз|чж|[бгдклмнпстфхцчшж]э|эй|нь(?![аеёиоуыэюя])")
_WORD = re.compile(r"[\u0400-\u04ff]+")  # (a word with Ukrainian і or ґ is read whole, as no Palladius)
_VOWELS = frozenset("аеёиоуыэюя")
# Words that split into syllables but stand for something else in Chinese firms' Russian
# names: Ко. is Co. (kuo is no name syllable anyone writes so).
_NOT_NAMES = frozenset({"ко"})


class _Table:
    def __init__(self) -> None:
        self.pinyin: dict[str, str] = {}
        for row in read_csv("palladius.csv"):
            self.pinyin.setdefault(row["cyrillic"], row["pinyin"].replace("ü", "u"))
        self.longest = max(map(len, self.pinyin))


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


@lru_cache(maxsize=8192)
def pinyin_of(word: str) -> str:
    """``word`` (lower-case Cyrillic) as the pinyin its Palladius syllables spell, glued as
    the word is ("цзиньпин": jinping); "" if it does not split into one to three of them
    (a part of the word between ъ counts as a word). The fewest syllables win ("хуан" is
    huang, not hu+ang), and no syllable starting with a vowel follows н (Palladius
    separates those with ъ: "Хэнань" is he+nan, "Хэнъань" heng+an)."""
    if not word or len(word) > _MAX_WORD:
        return ""
    if "ъ" in word:  # (the separating sign Palladius writes between н and a vowel: Чжунъюань)
        parts = [pinyin_of(part) for part in word.split("ъ")]
        return "".join(parts) if all(parts) else ""
    table = _table()
    size = len(word)
    # best[i]: the fewest syllables word[i:] splits into, and the first of them
    best: list[tuple[int, str] | None] = [None] * (size + 1)
    best[size] = (0, "")
    for i in range(size - 1, -1, -1):
        for j in range(min(size, i + table.longest), i, -1):
            rest = best[j]
            found = table.pinyin.get(word[i:j])
            if found is None or rest is None:
                continue
            if j < size and word[j - 1] == "н" and word[j] in _VOWELS:
                continue  # (Palladius writes н + vowel across syllables with ъ: Хэнань is he+nan)
            current = best[i]
            if current is None or rest[0] + 1 < current[0]:
                best[i] = (rest[0] + 1, word[i:j])
    if best[0] is None or best[0][0] > _MAX_SYLLABLES:
        return ""
    out: list[str] = []
    i = 0
    while i < size:
        step = best[i]
        assert step is not None
        out.append(table.pinyin[step[1]])
        i += len(step[1])
    return "".join(out)


def palladius_reading(text: str) -> str | None:
    """``text`` with each of its Cyrillic words that spells Palladius syllables written in
    pinyin instead ("ООО «Шэньчжэнь Хуавэй Текнолоджис»": ООО «shenzhen huawei
    Текнолоджис»), the rest as written. None unless a word read so has a shape Russian
    words rarely have (``_MARKERS``), or the name is two to four words that all read so
    ("Ма Сяохун", "Гао Ци": Russian names do not, "Иван Петров" stops at тр)."""
    lowered = text.lower()
    # (Most Cyrillic names are Russian: without a Palladius shape anywhere, the first word
    # that does not read so ends it.)
    every_word = _MARKERS.search(lowered) is None
    marked = False
    words = 0
    out: list[str] = []
    last = 0
    for found in _WORD.finditer(lowered):
        word = found.group()
        words += 1
        pinyin = "" if word in _NOT_NAMES or (every_word and words > 4) else pinyin_of(word)
        if not pinyin:
            if every_word:
                return None
            continue
        marked = marked or _MARKERS.search(word) is not None
        out.append(text[last:found.start()])
        out.append(pinyin)
        last = found.end()
    if not marked and not (every_word and 2 <= words <= 4):
        return None
    out.append(text[last:])
    return "".join(out)
