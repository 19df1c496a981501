"""Cost and speed benchmark: `python -m bench.run` (or `./pw bench`). Not run by the tests."""
