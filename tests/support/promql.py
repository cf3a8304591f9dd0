"""Just enough PromQL reading to list the metric names an expression uses.

Used to check that dashboards and alert rules only query metrics the service
really exports (a renamed metric must break a test, not a dashboard in prod).
"""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_MATCHERS = re.compile(r"\{[^{}]*\}")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE)
_RANGES = re.compile(r"\[[^\[\]]*\]")
_OFFSET = re.compile(r"\boffset\s+-?[0-9a-z]+", re.IGNORECASE)
_VARIABLES = re.compile(r"\$\{?\w+\}?")
_IDENT = re.compile(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")
_KEYWORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
    "offset", "bool", "inf", "nan", "atan2", "e",
}


def metric_names(expr: str) -> set[str]:
    """Metric (and recording-rule) names referenced by a PromQL expression."""
    text = _STRINGS.sub(" ", expr)
    text = _VARIABLES.sub("1m", text)
    text = _MATCHERS.sub(" ", text)
    text = _GROUPING.sub(" ", text)
    text = _RANGES.sub(" ", text)
    text = _OFFSET.sub(" ", text)
    names = set()
    for match in _IDENT.finditer(text):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names


def exported_sample_names() -> set[str]:
    """Every sample name a fully exercised ``Metrics`` instance exposes (incl. _bucket/_sum/_count)."""
    from stream.metrics import Metrics
    from stream.models import Decision, Outcome, Reason, ReasonCode, Severity

    m = Metrics(CollectorRegistry())
    reason = Reason(ReasonCode.ENTITY_MATCH, "entity_match", Severity.CRITICAL, "x", {"score": 0.9})
    m.event_consumed("tradescreen.orders", "order")
    m.decision_emitted(
        Decision("e", "order", Outcome.HOLD, (reason,), ("c",), "l", "r", "t", 1.0, "0"), 0.5
    )
    m.dead_letter("schema")
    m.set_lists_info("v", 1.0, True)
    m.set_rules_info("r", True)
    m.set_ready(True)
    m.set_assigned_partitions(1)
    m.set_consumer_lag("tradescreen.orders", 0, 1)
    m.set_event_loop_lag(0.0)
    return {
        sample.name
        for family in text_string_to_metric_families(m.exposition().decode())
        for sample in family.samples
    }
