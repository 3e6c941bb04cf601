"""Boucle: a self-hostable co-design platform."""

__version__ = "0.1.0"
