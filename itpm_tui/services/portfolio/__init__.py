"""The portfolio: the project list, a project at a glance, and each project's rated health."""
