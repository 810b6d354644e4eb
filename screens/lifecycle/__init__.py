"""The lifecycle's screens: the workspace, initiation, gates, closure, lessons, templates."""
