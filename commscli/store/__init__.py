"""The store: one SQLite file, opened migrated. SQL lives in this package and nowhere else."""

from commscli.store.db import Store, create, open_store  # noqa: F401
