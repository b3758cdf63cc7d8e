"""Dated commitments, each optionally linked to an application, an event or a session."""
