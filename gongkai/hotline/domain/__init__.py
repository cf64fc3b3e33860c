"""Pure domain rules of the 12345 hotline (no Django)."""
