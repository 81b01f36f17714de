"""Markdown as people read it: item exports, the sprint report, the quarterly update."""
