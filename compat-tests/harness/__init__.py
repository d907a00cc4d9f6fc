"""Helpers shared by the compatibility tests: server processes, the wire-format splitter and transcripts."""
