"""What every feature uses: parsing, text, files, errors, queries, stale edits, history, undo."""
