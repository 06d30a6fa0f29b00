"""Use cases: one verb each, written against the domain's ports."""
