"""One blueprint per area, all under /api/."""
