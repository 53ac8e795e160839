"""Models of the kam app (see its issue)."""
