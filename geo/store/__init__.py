"""Datasets on disk: the imported-dataset store, its catalogue, the import pipeline and grid layers.

Imports :mod:`geo.domain` and :mod:`geo.read`; never :mod:`geo.analysis`.
"""
