"""Triage mode: going through unpublished articles with single-key decisions."""
