"""Storage: the single-table design, written once, on top of a small Table port."""
