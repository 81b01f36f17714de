"""The demo board `poboard demo` fills: its data and how it is written."""
