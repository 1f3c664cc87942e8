"""Schema history, in sqlite-utils' own ``Migrations`` (recorded in ``_sqlite_migrations``).

Never edit a migration that has shipped: add a new one. Times are TEXT in the one
format ``YYYY-MM-DDTHH:MM:SS+08:00``; lists are JSON text.
"""

from sqlite_utils import Migrations

migrations = Migrations("commscli")


@migrations()
def m001_core(db):
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,              -- when it happened (--at)
            by TEXT NOT NULL,              -- who made the change (--by)
            record_table TEXT NOT NULL,
            record_id INTEGER,             -- NULL for an event about many rows (an import)
            action TEXT NOT NULL,
            before TEXT,                   -- JSON
            after TEXT,                    -- JSON
            reason TEXT,
            recorded_at TEXT NOT NULL      -- when it was written to the store
        );
        CREATE INDEX events_record ON events (record_table, record_id);
        CREATE INDEX events_at ON events (at);
        CREATE TABLE offices (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            phone TEXT,
            address TEXT,
            buildings TEXT NOT NULL DEFAULT '[]',
            lobbies TEXT NOT NULL DEFAULT '[]',
            cs_seal TEXT,
            company_seal TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE households (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            building TEXT NOT NULL,
            room TEXT NOT NULL,
            name TEXT,
            phone TEXT,
            kind TEXT NOT NULL DEFAULT 'owner' CHECK (kind IN ('owner', 'tenant')),
            use TEXT NOT NULL DEFAULT 'home' CHECK (use IN ('home', 'business')),
            move_in TEXT,
            occupied INTEGER NOT NULL DEFAULT 1 CHECK (occupied IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (office_id, building, room)
        );
        CREATE INDEX households_occupied ON households (office_id, occupied);
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            phone TEXT,
            buildings TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (office_id, name)
        );
        CREATE INDEX staff_role ON staff (office_id, role);
        """
    )


@migrations()
def m002_calendar(db):
    db.executescript(
        """
        CREATE TABLE calendar_days (
            date TEXT PRIMARY KEY,          -- YYYY-MM-DD
            workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
            name TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL CHECK (source IN ('office', 'import')),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        """
    )
