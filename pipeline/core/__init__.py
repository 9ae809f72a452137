"""What every layer shares: the data model, records and schemas, the stage protocols, the
registry and the run's configuration, errors, files, caches and progress."""
