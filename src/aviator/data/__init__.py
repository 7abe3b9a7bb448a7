"""Data layer: models, schema and migrations, batch writers, readers and export.

Wiring in the main process:

    writers = RecordWriters(db, alert=on_alert)   # db: a file path, sqlite:///PATH or postgresql://…
    bus.subscribe(RoundRecorded, lambda m: writers.add(m.round))   # any record of models.RECORD_TYPES
    writers.flush()                                 # sync point: everything added so far is committed
    writers.stats()                                 # backlog, written, failures, spilled, rejected, healthy
    writers.close()                                 # drains; what the database still refuses is spilled

Reading: `open_database(db, must_exist=True)`, then `readers.stats.StatsReader`, `export.iter_records`.
"""
