"""Data layer: models, schema and migrations, batch writers, readers and export."""
