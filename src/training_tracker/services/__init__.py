"""Use cases: each reads what it needs, decides, and writes in one conditional step."""
