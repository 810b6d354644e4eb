"""Benchmarks: run as scripts, print tables; not collected by pytest."""
