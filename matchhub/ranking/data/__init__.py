"""Packaged taxonomy data (fields, themes, skills)."""
