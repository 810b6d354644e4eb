"""Textual screens: the portfolio, the five phases of a project, forms, help."""
