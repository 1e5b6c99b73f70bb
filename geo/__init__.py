"""Pure core of Ankunftsatlas: loading, cleaning, joining, aggregating,
classifying and map building. Never imports streamlit."""
