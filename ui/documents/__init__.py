"""What a page hands on: the decision record, the selection's documents, the presentation view.

Documents import widgets and the shell, never a view (contract ``ui-wings`` in pyproject.toml).
"""
