"""Pure name normalisation: text in, comparable tokens and features out.

Every function here is a pure function of its input and of the curated tables in
``lists/names/data`` (loaded once, cached, immutable). The party index runs the
same functions over list names at snapshot time and over query names at screening
time, so both sides are always normalised identically.
"""

from lists.names.normalize import NormalizedName, normalize_name, normalize_text

__all__ = ["NormalizedName", "normalize_name", "normalize_text"]
