"""anyascii as a ``str.translate`` table.

anyascii transliterates one character at a time in a Python loop; a table filled with its
answer for each code point on first sight lets ``str.translate`` do the loop in C (a
tenth of a non-ASCII name's normalisation). Same output: anyascii spells every character
on its own and joins the spellings.
"""

from __future__ import annotations

from anyascii import anyascii

_MAX_ENTRIES = 200_000  # (hostile input may bring every code point: memory stays bounded)


class _Spellings(dict[int, str]):
    """Code point -> its anyascii spelling ('' for none), filled as characters are met."""

    def __missing__(self, code: int) -> str:
        spelling = anyascii(chr(code))
        if len(self) < _MAX_ENTRIES:
            self[code] = spelling
        return spelling


_SPELLINGS = _Spellings()


def to_ascii(text: str) -> str:
    """``anyascii(text)``, with the per-character loop in C."""
    return text if text.isascii() else text.translate(_SPELLINGS)
