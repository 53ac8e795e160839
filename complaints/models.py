"""Models of the complaints app (see its issue)."""
