"""Renderers: turn result and report objects into text. Only the terminal renderer imports rich."""
