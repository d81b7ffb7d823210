"""Exchange: registries in and out (JSON Lines, CSV, Excel), open data."""
