"""Builders and worlds the tests share; nothing here is a fixture, nothing imports conftest."""
