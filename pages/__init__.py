"""The dashboard pages (run by streamlit through dashboard.py; a package only so that
the import contracts in pyproject.toml can check that nothing imports a page)."""
