"""Thin Qt table models over core objects: they format, they never compute."""
