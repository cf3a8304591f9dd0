"""tradescreen: streaming export-control screening (events in, HOLD/RELEASE decisions out)."""

__version__ = "0.1.0"
