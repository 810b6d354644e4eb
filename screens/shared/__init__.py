"""What every screen uses: forms, pickers, confirm, help, history, sections and destinations."""
