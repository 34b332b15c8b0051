"""Pure functions that turn source values into the stored form; used by the normalise pipeline."""
