"""Journal import: read daily notes, find skills and suggest records (issue 5)."""
