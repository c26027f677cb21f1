"""Typesetting helpers shared by more than one renderer."""
