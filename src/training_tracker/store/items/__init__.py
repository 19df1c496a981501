"""Item <-> domain mapping, one module per entity; nothing here reads or writes the table."""
