"""The skills an application asks for, and the evidence summary built from the journal."""
