"""Models of the voc app (see its issue)."""
