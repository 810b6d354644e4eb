"""itpm: a keyboard-first terminal workspace for a portfolio of IT projects."""

__version__ = "0.1.0"
