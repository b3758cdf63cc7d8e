"""career: a local-first command-line CRM for a job search and a career pipeline."""

__version__ = "0.1.0"
