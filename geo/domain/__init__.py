"""The domain model: datasets of areas, indicators and their units, years, aggregation, number formats.

Imports only :mod:`geo.read`.
"""
