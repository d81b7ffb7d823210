"""Residents: profiles, recommendations, taking part, their data and its erasure."""
