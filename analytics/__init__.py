"""Quality analysis of Swedish municipal social care: the product's brain (never imports streamlit)."""
