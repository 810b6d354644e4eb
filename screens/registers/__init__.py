"""The governance registers' screens: their index, the shared register screen and each register."""
