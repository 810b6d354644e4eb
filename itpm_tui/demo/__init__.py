"""The demo portfolio: five IT projects across the lifecycle, with history, registers and money."""
