"""Plain-Python domain: entities, totals and statistics. No I/O here."""
