"""Widgets the screens share: header, item table and detail, editor, dialogs."""
