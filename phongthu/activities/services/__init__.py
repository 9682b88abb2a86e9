"""Writes of the activities app: keyword-only, typed, one transaction each."""
