"""Database layer: typed models, the engine, migrations."""
