"""Cost and speed benchmark: `python -m bench.run` (or `./pw bench`). Not run by the tests."""

import warnings

# The TestClient still works on httpx; the notice would only clutter the report.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
