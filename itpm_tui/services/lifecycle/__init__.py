"""The lifecycle: initiation, the project's documents, stakeholders, gates, closure, templates."""
