"""Advising sessions (80,000 Hours-style), their takeaways and action items."""
