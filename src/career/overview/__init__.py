"""Views across the domains: the board, an organization's page, search."""
