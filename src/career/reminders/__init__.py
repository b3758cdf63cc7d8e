"""Reminders: the rules (`rules`), what they read (`queries`), how they print (`report`), and
the fast way in from the shell (`fast`)."""
