"""Contacts: advisors, mentors, recruiters, referrers, and their links to applications."""
