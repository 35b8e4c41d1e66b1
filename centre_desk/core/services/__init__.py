"""Use cases: each function takes the acting user and plain data, writes in one transaction."""
