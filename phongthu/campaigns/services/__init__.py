"""Writes of the campaign app: every status change goes through these functions."""
