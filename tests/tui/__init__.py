"""UI tests: the itpm app driven by keys through Textual's Pilot."""
