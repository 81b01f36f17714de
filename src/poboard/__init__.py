"""poboard: a terminal sprint board for product owners and their teams."""

__version__ = "0.1.0"
