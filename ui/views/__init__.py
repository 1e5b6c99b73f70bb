"""One page area each: map side column, grid, self-drawn quarters, recipes, status dynamics, network, projects, import.

Views sit on documents, widgets and the shell (contract ``ui-wings`` in pyproject.toml); pages call views.
"""
