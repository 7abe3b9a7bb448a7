"""The simulated bookmakers as web pages in Chromium windows: `aviator sim --web`."""
