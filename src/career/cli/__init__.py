"""The command line: parse, call one service, render. Heavy imports stay inside commands."""
