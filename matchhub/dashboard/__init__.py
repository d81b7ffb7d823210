"""The desk's targets: figures by fiscal year, theme and area."""
