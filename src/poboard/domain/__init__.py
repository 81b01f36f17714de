"""The board's pure domain: models, the gates, OKR arithmetic, flow and its
measures, merge, scales, wording. No I/O, no storage, no interface."""
