"""Exports of the journal's skill evidence: summary data, renderers, gaps, job postings."""
