"""Analysis: classification, comparison, screening, ranking, status and dynamics, disclosure control, the network view.

Imports :mod:`geo.domain` and :mod:`geo.read`; never :mod:`geo.store`.
"""
