"""Great Expectations: reconciliation of the marts against the published figures."""
