"""What changed and when: the change log (`career history`) and its reversal (`career undo`)."""
