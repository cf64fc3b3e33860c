"""Demo data for units and personas (filled in below)."""
