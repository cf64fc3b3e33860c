"""Admin views of the catalogue: single items (items.py), attachments, and the boards (boards.py)."""
