"""Hackathons, sprints, jams, conferences and courses."""
