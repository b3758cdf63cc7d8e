"""Capturing a job from where it is posted: a page (schema.org JobPosting, OpenGraph), an
applicant-tracking system's public API, saved HTML or JSON. See docs/architecture.md."""
