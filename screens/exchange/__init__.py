"""Plans in and out from the keyboard: export a project to a file, import a file as a project."""
