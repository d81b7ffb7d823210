"""Use cases: what the pages, the API and the CLI ask of the domain."""
