"""Reading numbers and phases from screen crops."""
