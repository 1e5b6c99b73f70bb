"""Streamlit shell: cached loaders, page setup and the string table."""
