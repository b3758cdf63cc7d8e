"""Organizations, applications and their status history."""
