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


@migrations()
def m003_tickets(db):
    db.executescript(
        """
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            ref TEXT,                      -- the paper form's number, when there is one
            kind TEXT NOT NULL CHECK (kind IN ('repair', 'complaint', 'inquiry', 'suggestion', 'help')),
            channel TEXT NOT NULL,
            category TEXT NOT NULL,
            priority TEXT CHECK (priority IN ('urgent', 'high', 'normal')),
            household_id INTEGER REFERENCES households(id),
            caller_name TEXT,
            caller_phone TEXT,
            description TEXT NOT NULL,
            paid INTEGER NOT NULL DEFAULT 0,
            major_defect TEXT,
            parent_id INTEGER REFERENCES tickets(id),   -- a re-repair points at the original
            reworked INTEGER NOT NULL DEFAULT 0,        -- the original of a re-repair
            reopened INTEGER NOT NULL DEFAULT 0,
            source TEXT,                   -- e.g. visits/12, callbacks/3, import:file.csv
            state TEXT NOT NULL DEFAULT 'received',
            reported_at TEXT NOT NULL,
            received_by TEXT NOT NULL,
            agreed_at TEXT,
            arrive_due TEXT,               -- repairs: the SLA, stored when recorded
            resolve_due TEXT,              -- other kinds
            reply_due TEXT,                -- set on resolution
            deferred_until TEXT,
            customer_told_at TEXT,
            deferral_breach INTEGER NOT NULL DEFAULT 0,
            sla TEXT NOT NULL,             -- JSON: the policy values the deadlines came from
            open_due TEXT,                 -- the deadline of the next pending step (NULL when none)
            dispatched_at TEXT, dispatched_to TEXT,
            arrived_at TEXT,
            without_visit INTEGER NOT NULL DEFAULT 0,
            resolved_at TEXT, resolution TEXT,
            replied_at TEXT, reply_method TEXT, reply_text TEXT,
            closed_at TEXT,
            cancelled_at TEXT, cancel_reason TEXT,
            price REAL, quote_accepted_at TEXT,
            cause TEXT, prevention TEXT, analysed_at TEXT,
            escalation TEXT, escalated_at TEXT,
            corrective TEXT,               -- JSON: cause, action, owner, due
            company_notice TEXT,           -- a reference to the company-wide notice
            last_at TEXT NOT NULL,         -- time of the latest step: later steps may not precede it
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX tickets_ref ON tickets (office_id, ref) WHERE ref IS NOT NULL;
        CREATE INDEX tickets_reported ON tickets (office_id, reported_at);
        CREATE INDEX tickets_household ON tickets (household_id, reported_at);
        -- open work costs by open items, not by store size
        CREATE INDEX tickets_open_due ON tickets (open_due) WHERE open_due IS NOT NULL;
        CREATE INDEX tickets_open ON tickets (office_id, state) WHERE state NOT IN ('closed', 'cancelled');
        CREATE INDEX tickets_repairs_resolved ON tickets (office_id, resolved_at) WHERE kind = 'repair';
        CREATE INDEX tickets_parent ON tickets (parent_id) WHERE parent_id IS NOT NULL;

        CREATE TABLE callback_samples (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            week TEXT NOT NULL,            -- ISO week, 2026-W47
            seed INTEGER NOT NULL,
            share REAL NOT NULL,
            population INTEGER NOT NULL,
            size INTEGER NOT NULL,
            ticket_ids TEXT NOT NULL,      -- JSON list
            active INTEGER NOT NULL DEFAULT 1,
            reason TEXT,                   -- why it was redrawn
            drawn_at TEXT NOT NULL,
            drawn_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX callback_samples_week ON callback_samples (office_id, week) WHERE active = 1;

        CREATE TABLE callbacks (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            kind TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets(id),
            household_id INTEGER REFERENCES households(id),
            sample_id INTEGER REFERENCES callback_samples(id),
            owed_by TEXT NOT NULL DEFAULT 'office',   -- office | quality (the company)
            due_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
            done_at TEXT, method TEXT, result TEXT, satisfaction TEXT,
            defect_persists INTEGER NOT NULL DEFAULT 0,
            rework_ticket_id INTEGER REFERENCES tickets(id),
            recorded_by TEXT,
            cancel_reason TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX callbacks_open_due ON callbacks (due_at) WHERE state = 'open';
        CREATE INDEX callbacks_ticket ON callbacks (ticket_id);
        CREATE INDEX callbacks_done ON callbacks (office_id, done_at) WHERE state = 'done';
        """
    )


@migrations()
def m004_visits_surveys(db):
    db.executescript(
        """
        CREATE TABLE visit_plans (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            month TEXT NOT NULL,                 -- YYYY-MM
            kind TEXT NOT NULL CHECK (kind IN ('office', 'company')),
            seed INTEGER,
            cycle INTEGER NOT NULL,              -- the rotation cycle the plan started in
            required INTEGER NOT NULL,
            basis TEXT NOT NULL,                 -- JSON: how the quota was computed (policy values used)
            active INTEGER NOT NULL DEFAULT 1,
            reason TEXT,                         -- why it was redrawn
            drawn_at TEXT NOT NULL,
            drawn_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX visit_plans_month ON visit_plans (office_id, month, kind) WHERE active = 1;
        CREATE TABLE visit_plan_items (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES visit_plans(id),
            household_id INTEGER NOT NULL REFERENCES households(id),
            cycle INTEGER NOT NULL,
            role TEXT,
            staff TEXT,
            building TEXT
        );
        CREATE INDEX visit_plan_items_plan ON visit_plan_items (plan_id);
        CREATE INDEX visit_plan_items_household ON visit_plan_items (household_id);
        CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            household_id INTEGER NOT NULL REFERENCES households(id),
            plan_item_id INTEGER REFERENCES visit_plan_items(id),
            cycle INTEGER NOT NULL,
            visitors TEXT NOT NULL,              -- JSON list of {name, role}
            method TEXT NOT NULL,
            appointment_at TEXT,
            started_at TEXT NOT NULL,
            signed INTEGER,                      -- 1 signed, 0 refused (recorded, never forced)
            private_remarks TEXT,                -- never leaves the store unless --show-personal
            submit_due TEXT NOT NULL,
            submitted_at TEXT,
            submitted_late INTEGER,
            reviewed_at TEXT,
            reviewed_by TEXT,
            state TEXT NOT NULL DEFAULT 'recorded' CHECK (state IN ('recorded', 'submitted', 'reviewed', 'cancelled')),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX visits_office_time ON visits (office_id, started_at);
        CREATE INDEX visits_household ON visits (household_id, started_at);
        CREATE INDEX visits_cycle ON visits (office_id, cycle);
        CREATE INDEX visits_unsubmitted ON visits (submit_due) WHERE submitted_at IS NULL AND state = 'recorded';
        CREATE TABLE visit_items (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits(id),
            category TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets(id)
        );
        CREATE INDEX visit_items_visit ON visit_items (visit_id);
        CREATE TABLE visit_summaries (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            month TEXT NOT NULL,
            due TEXT NOT NULL,                   -- date: the 5th of the next month
            completed_at TEXT, completed_by TEXT, completed_late INTEGER,
            approve_due TEXT,                    -- date: 2 working days after completion
            approved_at TEXT, approved_by TEXT, approved_late INTEGER,
            measures TEXT,
            beyond_authority TEXT,               -- measures that go up with a work-contact letter
            UNIQUE (office_id, month)
        );
        CREATE TABLE surveys (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            season TEXT NOT NULL,                -- YYYY-MM (June or November)
            deadline TEXT NOT NULL,              -- date
            target INTEGER NOT NULL,             -- occupied households when opened
            min_return REAL NOT NULL,
            opened_at TEXT NOT NULL, opened_by TEXT NOT NULL,
            rate_reached_at TEXT,
            closed_at TEXT,
            analysis_due TEXT,
            analysed_at TEXT, analysis TEXT,
            common_answers TEXT,                 -- the public answer to common issues
            results_due TEXT,                    -- date: 5 working days after the analysis
            results_posted_at TEXT,
            UNIQUE (office_id, season)
        );
        CREATE TABLE survey_returns (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            household_id INTEGER NOT NULL REFERENCES households(id),
            returned_at TEXT NOT NULL,
            grades TEXT NOT NULL,                -- JSON: category → grade
            opinion TEXT,
            created_by TEXT NOT NULL,
            UNIQUE (survey_id, household_id)
        );
        """
    )


@migrations()
def m005_month_report_indexes(db):
    """The monthly report's queries are index range searches over the month (issue 9)."""
    db.executescript(
        """
        -- the month's move-ins: (office_id, move_in) ranges instead of every household of the office
        CREATE INDEX households_move_in ON households (office_id, move_in) WHERE move_in IS NOT NULL;
        -- callbacks done of a week's sample (covering: no row is read)
        CREATE INDEX callbacks_sample ON callbacks (sample_id, state) WHERE sample_id IS NOT NULL;
        -- the visit of a plan item (quota status, the plan listing; covering)
        CREATE INDEX visits_plan_item ON visits (plan_item_id, state) WHERE plan_item_id IS NOT NULL;
        """
    )


@migrations()
def m006_reopen_verdict_flags(db):
    """A reopening keeps the ended clock's verdicts in ``sla.history``; two flags carry the ones the
    SLA figures count (an arrival missed, a deferral told late), so that one SQL expression over
    columns judges a repair, with no JSON decoded per row (issue 8 reopen clocks, issue 9 contract)."""
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN arrive_missed_before INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tickets ADD COLUMN deferral_missed_before INTEGER NOT NULL DEFAULT 0;
        UPDATE tickets SET arrive_missed_before = 1 WHERE reopened > 0 AND EXISTS (
            SELECT 1 FROM json_each(tickets.sla, '$.history') h
            WHERE json_extract(h.value, '$.step') = 'arrive' AND json_extract(h.value, '$.verdict') = 'missed');
        UPDATE tickets SET deferral_missed_before = 1 WHERE reopened > 0 AND EXISTS (
            SELECT 1 FROM json_each(tickets.sla, '$.history') h
            WHERE json_extract(h.value, '$.step') = 'deferral_notice' AND json_extract(h.value, '$.verdict') = 'missed');
        """
    )


# The forms that carry a number, and the event that makes each one (its time gives the year).
FORM_EVENTS = (
    ("transfer", "tickets", "dispatch", ""),
    ("contact_letter", "tickets", "escalate", ""),
    ("corrective", "tickets", "corrective", ""),
    ("visit_record", "visits", "create", ""),
    ("visit_summary", "visit_summaries", "complete", ""),
    ("contact_letter", "visit_summaries", "approve", "AND r.beyond_authority IS NOT NULL"),
    ("survey_report", "surveys", "analyse", ""),
)


@migrations()
def m007_form_numbers(db):
    """Each form a number: office code, year, sequence (JM01-2026-0046), per office, per form, per year,
    given at the step that makes the form (issue 10). Existing records are numbered in the order of those
    steps, as the steps number them from now on."""
    db.executescript(
        """
        CREATE TABLE form_numbers (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            form TEXT NOT NULL,                  -- transfer | contact_letter | corrective | visit_record …
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            number TEXT NOT NULL,                -- JM01-2026-0046
            record_table TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            assigned_at TEXT NOT NULL,           -- the step's time: the form's date
            UNIQUE (office_id, form, year, seq),
            UNIQUE (form, record_table, record_id)
        );
        """
    )
    firsts = " UNION ALL ".join(
        f"SELECT '{form}' AS form, '{table}' AS record_table, r.id AS record_id, r.office_id, MIN(e.at) AS at,"
        f" MIN(e.id) AS event_id FROM events e JOIN {table} r ON r.id = e.record_id"
        f" WHERE e.record_table = '{table}' AND e.action = '{action}' {extra} GROUP BY r.id"
        for form, table, action, extra in FORM_EVENTS
    )
    db.execute(
        f"""
        INSERT INTO form_numbers (office_id, form, year, seq, number, record_table, record_id, assigned_at)
        SELECT f.office_id, f.form, f.year, f.seq,
               o.code || '-' || f.year || '-' || printf('%04d', f.seq), f.record_table, f.record_id, f.at
        FROM (SELECT *, CAST(substr(at, 1, 4) AS INTEGER) AS year,
                     ROW_NUMBER() OVER (PARTITION BY office_id, form, substr(at, 1, 4) ORDER BY at, event_id) AS seq
              FROM ({firsts})) f
        JOIN offices o ON o.id = f.office_id
        """
    )


@migrations()
def m008_visit_followups(db):
    """Visit follow-ups (issue 11): an item that asks for feedback and the feedback given face to face
    (003 §4.3.1); a household's important-customer flag (004: important customers get a home visit after a
    survey's analysis); indexes for the owed feedback and the yearly-visit rule (001 §4.1)."""
    db.executescript(
        """
        ALTER TABLE visit_items ADD COLUMN wants_feedback INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE visit_items ADD COLUMN feedback_at TEXT;
        ALTER TABLE visit_items ADD COLUMN feedback_by TEXT;
        ALTER TABLE visit_items ADD COLUMN feedback_text TEXT;
        -- feedback owed: `report due` reads only these rows
        CREATE INDEX visit_items_feedback_owed ON visit_items (visit_id) WHERE wants_feedback = 1 AND feedback_at IS NULL;
        ALTER TABLE households ADD COLUMN important INTEGER NOT NULL DEFAULT 0 CHECK (important IN (0, 1));
        CREATE INDEX households_important ON households (office_id) WHERE important = 1 AND occupied = 1;
        """
    )
