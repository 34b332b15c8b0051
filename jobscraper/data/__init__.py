"""Data files the code reads through importlib.resources (a package, so they resolve inside a zipped egg too)."""
