"""Persistence: named candidate selections with history, in a real SQL database."""
