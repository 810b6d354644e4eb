"""Plans in and out: each file format a project is exported to or imported from."""
