"""Controls and drawings shared by several pages: number fields, upload fields, map, legend, map controls, sign-in.

Widgets import only the shell (contract ``ui-wings`` in pyproject.toml).
"""
