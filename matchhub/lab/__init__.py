"""The lab: benchmarks, evaluation and simulations. The only code besides the CLI and the
gunicorn config that builds an app of its own."""
