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


# The forms that carry a number, and the event that makes each one (its time gives the year). Issue 11 moved
# the fault-transfer form (故障转呈单) from `dispatch` to its own step `transfer`, and gave a repair's dispatch
# its dispatch order (维修派工单); stores numbered before keep their numbers (m007 has run on them), and
# m010_desk_registers numbers their dispatched repairs' orders.
FORM_EVENTS = (
    ("transfer", "tickets", "transfer", ""),
    ("dispatch", "tickets", "dispatch", "AND r.kind = 'repair'"),
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
def m008_guide_box_letters(db):
    """The service guide and price list (服务指南, 004; 001 §2.2), the quote naming its service, the suggestion-box
    openings (意见箱, 002 第四条) and the letters register (函件, 002 第九条3) (issue 11)."""
    db.executescript(
        """
        CREATE TABLE guide_services (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            name TEXT NOT NULL,
            hours TEXT,                        -- 服务时间, as the office writes it
            phone TEXT,                        -- the office's line for it (not personal)
            price_fen INTEGER NOT NULL CHECK (price_fen >= 0),   -- 0: free (免费)
            unit TEXT,                         -- 次 / 小时 / 个 …; NULL when free
            note TEXT,
            retired_at TEXT, retire_reason TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX guide_services_name ON guide_services (office_id, name) WHERE retired_at IS NULL;

        ALTER TABLE tickets ADD COLUMN service_id INTEGER REFERENCES guide_services(id);
        ALTER TABLE tickets ADD COLUMN list_price REAL;        -- the price list's price when quoted
        ALTER TABLE tickets ADD COLUMN price_reason TEXT;      -- why the quote differs from the list
        ALTER TABLE tickets ADD COLUMN off_list INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX tickets_quoted ON tickets (office_id, quote_accepted_at) WHERE quote_accepted_at IS NOT NULL;

        CREATE TABLE box_openings (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            opened_at TEXT NOT NULL,
            found INTEGER NOT NULL CHECK (found >= 0),  -- items found in the box
            note TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX box_openings_at ON box_openings (office_id, opened_at);
        CREATE TABLE box_opening_tickets (
            opening_id INTEGER NOT NULL REFERENCES box_openings(id),
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            PRIMARY KEY (opening_id, ticket_id)
        );

        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            party TEXT NOT NULL,               -- from whom (in) or to whom (out)
            subject TEXT NOT NULL,
            dated TEXT NOT NULL,               -- the letter's date, YYYY-MM-DD
            file_name TEXT,                    -- the copy kept: its name and sha256, not its content
            file_sha256 TEXT,
            file_size INTEGER,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX letters_dated ON letters (office_id, dated);
        """
    )


@migrations()
def m009_notices(db):
    """Notices (通知单 / 公告, issue 12): the notice with the deadline it was checked against and the policy
    values used, its breaches and emergency reason; where, how and when it was given (postings, warning signs);
    the households a one-to-one notice is addressed to (lost property, contracts), told and confirmed."""
    db.executescript(
        """
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            kind TEXT NOT NULL,
            issuer TEXT NOT NULL DEFAULT 'cs' CHECK (issuer IN ('cs', 'company')),
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            advice TEXT,                         -- what residents should do
            effective_from TEXT NOT NULL,
            effective_to TEXT,
            posted_at TEXT NOT NULL,             -- when the residents were told: the lead time is checked on it
            dept_notified_at TEXT,               -- when the department told customer service
            since TEXT,                          -- the moment a "within N after" kind runs from
            due_by TEXT,                         -- the last moment (or day) to tell residents, stored when recorded
            rules TEXT NOT NULL,                 -- JSON: the policy values the check used
            breaches TEXT NOT NULL DEFAULT '[]', -- JSON: the rules broken (an emergency), with required and given
            breach INTEGER NOT NULL DEFAULT 0,
            emergency INTEGER NOT NULL DEFAULT 0,
            reason TEXT,                         -- the emergency's reason
            survey_id INTEGER REFERENCES surveys(id),
            ticket_id INTEGER REFERENCES tickets(id),
            first_posting_at TEXT,               -- the first posting recorded (NULL: planned, not posted)
            withdrawn_at TEXT, withdraw_reason TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX notices_posted ON notices (office_id, posted_at);
        CREATE INDEX notices_kind ON notices (office_id, kind, posted_at);
        CREATE INDEX notices_unposted ON notices (effective_from)
            WHERE first_posting_at IS NULL AND withdrawn_at IS NULL;
        CREATE INDEX notices_ticket ON notices (ticket_id) WHERE ticket_id IS NOT NULL;
        CREATE TABLE notice_postings (
            id INTEGER PRIMARY KEY,
            notice_id INTEGER NOT NULL REFERENCES notices(id),
            building TEXT,                       -- NULL for a notice told one to one
            household_id INTEGER REFERENCES households(id),
            method TEXT NOT NULL,
            at TEXT NOT NULL,
            signs INTEGER NOT NULL DEFAULT 0,    -- warning signs put up (works, pest control)
            created_by TEXT NOT NULL
        );
        CREATE INDEX notice_postings_notice ON notice_postings (notice_id);
        CREATE TABLE notice_households (
            id INTEGER PRIMARY KEY,
            notice_id INTEGER NOT NULL REFERENCES notices(id),
            household_id INTEGER NOT NULL REFERENCES households(id),
            told_at TEXT, method TEXT,
            confirmed_at TEXT,                   -- a contract change: the household confirmed
            UNIQUE (notice_id, household_id)
        );
        CREATE INDEX notice_households_household ON notice_households (household_id);
        """
    )


@migrations()
def m010_desk_registers(db):
    """Issue 11, the ticket side: hand-offs to departments and requests between them (``tasks``), the
    relaying person or department of a relayed ticket, the promised answer of an inquiry, the designated
    caller of a weekly sample, and the dispatch orders of repairs dispatched before (numbered in the order
    of their first dispatch, after any the office has)."""
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN relayed_by TEXT;          -- channel relayed: the staff member or department
        ALTER TABLE tickets ADD COLUMN promise_due TEXT;         -- an inquiry's promised answer: by when
        ALTER TABLE tickets ADD COLUMN promise_where TEXT;       -- … and where the customer can ask
        ALTER TABLE tickets ADD COLUMN promise_kept INTEGER;     -- set at the reply: 1 in time, 0 broken
        ALTER TABLE callback_samples ADD COLUMN caller TEXT;     -- the person the company designates (公司专人)
        -- the week's dispatch orders (the sample's population) and the month's: a range over the index
        CREATE INDEX tickets_repairs_dispatched ON tickets (office_id, dispatched_at) WHERE kind = 'repair';
        -- promises not yet answered: `report due` costs by them
        CREATE INDEX tickets_promise_open ON tickets (promise_due) WHERE promise_due IS NOT NULL AND replied_at IS NULL;
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            ticket_id INTEGER REFERENCES tickets(id),  -- a ticket's transfer (故障转呈单); NULL between departments
            from_dept TEXT NOT NULL,
            to_dept TEXT NOT NULL,
            text TEXT NOT NULL,
            asked_at TEXT NOT NULL,
            ask_by TEXT NOT NULL,                      -- the commitment is due by then
            committed_at TEXT, will_finish TEXT,
            feedback_at TEXT, feedback TEXT,
            open_due TEXT,                             -- the pending deadline: ask_by, then will_finish
            state TEXT NOT NULL DEFAULT 'asked' CHECK (state IN ('asked', 'committed', 'done')),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX tasks_asked ON tasks (office_id, asked_at);
        CREATE INDEX tasks_ticket ON tasks (ticket_id) WHERE ticket_id IS NOT NULL;
        CREATE INDEX tasks_open_due ON tasks (open_due) WHERE open_due IS NOT NULL;
        """
    )
    db.execute(
        """
        INSERT INTO form_numbers (office_id, form, year, seq, number, record_table, record_id, assigned_at)
        SELECT f.office_id, 'dispatch', f.year, f.seq + COALESCE((SELECT MAX(seq) FROM form_numbers n
                 WHERE n.office_id = f.office_id AND n.form = 'dispatch' AND n.year = f.year), 0),
               '', 'tickets', f.record_id, f.at
        FROM (SELECT *, CAST(substr(at, 1, 4) AS INTEGER) AS year,
                     ROW_NUMBER() OVER (PARTITION BY office_id, substr(at, 1, 4) ORDER BY at, event_id) AS seq
              FROM (SELECT r.id AS record_id, r.office_id, MIN(e.at) AS at, MIN(e.id) AS event_id
                    FROM events e JOIN tickets r ON r.id = e.record_id
                    WHERE e.record_table = 'tickets' AND e.action = 'dispatch' AND r.kind = 'repair'
                      AND NOT EXISTS (SELECT 1 FROM form_numbers n WHERE n.form = 'dispatch'
                                      AND n.record_table = 'tickets' AND n.record_id = r.id)
                    GROUP BY r.id)) f
        """
    )
    db.execute(
        "UPDATE form_numbers SET number = (SELECT code FROM offices WHERE id = form_numbers.office_id)"
        " || '-' || year || '-' || printf('%04d', seq) WHERE form = 'dispatch' AND number = ''"
    )


@migrations()
def m011_visit_followups(db):
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


@migrations()
def m012_appeals(db):
    """Issue 14, staff channels: staff suggestions and appeals (职员提议、申诉表, 003 篇2 §4.3; named apart from
    the customers' suggestion box), the president's mailbox (总裁信箱) and the yearly staff needs survey
    (员工需求普查, 000 §五(八)). Deadlines are stored when written (SPEC §8)."""
    db.executescript(
        """
        CREATE TABLE staff_appeals (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'appeal')),
            staff_id INTEGER NOT NULL REFERENCES staff(id),      -- the employee (当事人)
            superior_id INTEGER NOT NULL REFERENCES staff(id),   -- the direct superior it is handed to
            text TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            answer_due TEXT NOT NULL,                            -- the superior's week
            ga_due TEXT NOT NULL,                                -- general affairs' week (from the superior's
                                                                 -- deadline, or from the disagreement)
            answered_at TEXT, answered_by INTEGER REFERENCES staff(id), answer TEXT,
            disagreed_at TEXT, disagreement TEXT,
            handled_at TEXT, handled_by INTEGER REFERENCES staff(id), handling TEXT,
            open_due TEXT,                                       -- the pending deadline; NULL once settled
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX staff_appeals_submitted ON staff_appeals (office_id, submitted_at);
        CREATE INDEX staff_appeals_open ON staff_appeals (open_due) WHERE open_due IS NOT NULL;
        CREATE TABLE mailbox_letters (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            from_staff_id INTEGER REFERENCES staff(id),          -- NULL: anonymous
            text TEXT NOT NULL,
            received_at TEXT NOT NULL,
            answered_at TEXT,
            answer_how TEXT CHECK (answer_how IN ('document', 'face_to_face')),
            answer TEXT, answered_by INTEGER REFERENCES staff(id),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX mailbox_letters_received ON mailbox_letters (office_id, received_at);
        CREATE INDEX mailbox_letters_answered ON mailbox_letters (office_id, answered_at) WHERE answered_at IS NOT NULL;
        CREATE TABLE staff_needs_surveys (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            year INTEGER NOT NULL,
            held_at TEXT NOT NULL,
            note TEXT,
            answered_at TEXT, answer TEXT,                       -- the company document that answers it
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (office_id, year)
        );
        CREATE INDEX staff_needs_surveys_held ON staff_needs_surveys (office_id, held_at);
        """
    )


@migrations()
def m013_meetings(db):
    """Meetings (issue 13; SPEC §4, 000 §七, 003 篇2 §4.1, 004 篇2): the meeting with its type, times, place,
    chair, minute-taker, agenda and state; who was asked and who signed in; the minutes (topics and speakers);
    the resolutions (and a board's motions) with their owner, due date, action plan, progress, done and the
    report back to the owners' committee; the minutes' distribution; the president's office's approval.
    Never deleted: a meeting is cancelled with a reason."""
    db.executescript(
        """
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            type TEXT NOT NULL,                  -- domain/meetings.TYPE code (board, president, company, …)
            dept TEXT,                           -- a department meeting's department (domain/tasks.DEPT code)
            title TEXT,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            place TEXT,
            chair_id INTEGER REFERENCES staff(id),
            minute_taker_id INTEGER REFERENCES staff(id),
            agenda TEXT,                         -- the agenda's text (--agenda-file)
            agenda_sent_at TEXT,
            agenda_due TEXT,                     -- the agenda lead time's deadline (NULL: no lead time for the type)
            agenda_on_time INTEGER,              -- 1 sent by agenda_due, 0 late or missing, NULL no lead time
            state TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('planned', 'held', 'cancelled')),
            cadence_key TEXT,                    -- the cadence slot it fills (company:2026-W41, president:2026-10, …)
            flags TEXT NOT NULL DEFAULT '[]',    -- JSON list of {rule, field, required, given}: flagged, not refused
            flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
            rules TEXT NOT NULL DEFAULT '{}',    -- the policy values the checks used
            minutes_due TEXT,                    -- end of the 3rd calendar day after the meeting's day (SPEC §8)
            minutes_at TEXT,                     -- the minutes recorded (meeting_minutes)
            distributed_at TEXT,                 -- the first distribution of the minutes
            needs_approval INTEGER NOT NULL DEFAULT 0,  -- 部门间交流会 / 主任论坛: conclusions to the president's office
            approved_at TEXT,
            cancelled_at TEXT, cancel_reason TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX meetings_starts ON meetings (office_id, starts_at);
        CREATE INDEX meetings_type ON meetings (office_id, type, starts_at);
        -- one meeting per cadence slot (a cancelled one frees its slot)
        CREATE UNIQUE INDEX meetings_slot ON meetings (office_id, type, cadence_key)
            WHERE cadence_key IS NOT NULL AND state != 'cancelled';
        -- minutes owed / not distributed / approval owed: `report due` reads only these rows
        CREATE INDEX meetings_undistributed ON meetings (minutes_due)
            WHERE distributed_at IS NULL AND state = 'held';
        CREATE INDEX meetings_unapproved ON meetings (starts_at)
            WHERE needs_approval = 1 AND approved_at IS NULL AND state = 'held';
        CREATE TABLE meeting_attendance (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            invited INTEGER NOT NULL DEFAULT 0,  -- named at `meeting new` (--chair, --attendee)
            signed_at TEXT,                      -- signed in (签到); NULL: asked, not signed
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (meeting_id, staff_id)
        );
        CREATE INDEX meeting_attendance_staff ON meeting_attendance (staff_id);
        CREATE TABLE meeting_minutes (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings(id),
            taker_id INTEGER REFERENCES staff(id),   -- the minute-taker
            body TEXT,                               -- the minutes' text (--file), besides topics
            recorded_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE meeting_topics (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (meeting_id, seq)
        );
        CREATE TABLE meeting_speakers (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            topic_id INTEGER REFERENCES meeting_topics(id),
            staff_id INTEGER REFERENCES staff(id),   -- NULL: a speaker who is not staff (an owner, a guest)
            name TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1))  -- outside 5–8 minutes
        );
        CREATE INDEX meeting_speakers_meeting ON meeting_speakers (meeting_id);
        CREATE TABLE meeting_resolutions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            office_id INTEGER NOT NULL REFERENCES offices(id),  -- the meeting's office (month figures by index)
            kind TEXT NOT NULL DEFAULT 'resolution' CHECK (kind IN ('resolution', 'motion')),
            text TEXT NOT NULL,
            owner_id INTEGER NOT NULL REFERENCES staff(id),
            due_on TEXT NOT NULL,                -- a date (YYYY-MM-DD): done by the end of it
            opened_at TEXT NOT NULL,             -- the meeting's start
            plan TEXT, plan_at TEXT,             -- the owner's action plan and when it was given
            done_at TEXT,
            needs_report_back INTEGER NOT NULL DEFAULT 0,  -- a promise to the owners' committee
            report_back_at TEXT,                 -- reported back to the committee
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX meeting_resolutions_meeting ON meeting_resolutions (meeting_id);
        CREATE INDEX meeting_resolutions_opened ON meeting_resolutions (office_id, opened_at);
        CREATE INDEX meeting_resolutions_done ON meeting_resolutions (office_id, done_at) WHERE done_at IS NOT NULL;
        CREATE INDEX meeting_resolutions_open ON meeting_resolutions (due_on) WHERE done_at IS NULL;
        CREATE INDEX meeting_resolutions_no_plan ON meeting_resolutions (opened_at) WHERE plan_at IS NULL;
        CREATE INDEX meeting_resolutions_report_back ON meeting_resolutions (opened_at)
            WHERE needs_report_back = 1 AND report_back_at IS NULL;
        CREATE INDEX meeting_resolutions_owner ON meeting_resolutions (owner_id);
        CREATE TABLE meeting_progress (
            id INTEGER PRIMARY KEY,
            resolution_id INTEGER NOT NULL REFERENCES meeting_resolutions(id),
            at TEXT NOT NULL,
            text TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX meeting_progress_resolution ON meeting_progress (resolution_id);
        CREATE TABLE meeting_distributions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            at TEXT NOT NULL,
            late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),  -- after the meeting's minutes_due
            created_by TEXT NOT NULL,
            UNIQUE (meeting_id, staff_id)
        );
        CREATE TABLE meeting_approvals (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            by_id INTEGER NOT NULL REFERENCES staff(id),
            at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX meeting_approvals_meeting ON meeting_approvals (meeting_id);
        """
    )


@migrations()
def m014_info(db):
    """The information register (信息交流表, issue 14; 000 §六): each entry with its source, text, external mark
    (*) and urgency; the external one's distribution (to whom, when, on time); the urgent one's steps to the
    quality department and the management representative and its corrective/preventive report; the weekly
    review at a meeting. Never deleted."""
    db.executescript(
        """
        CREATE TABLE info_entries (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            logged_at TEXT NOT NULL,
            week TEXT NOT NULL,                  -- ISO week of logged_at (2026-W47): the weekly review's key
            source TEXT NOT NULL,                -- where it came from (a department, a supplier, the street office)
            text TEXT NOT NULL,
            external INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0, 1)),  -- 外来信息, marked *
            urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
            logged_by_id INTEGER NOT NULL REFERENCES staff(id),
            distribute_due TEXT,                 -- external: the last day to distribute (a date)
            distributed_at TEXT,                 -- the first distribution
            distributed_late INTEGER,            -- 1 first distributed after distribute_due
            quality_id INTEGER REFERENCES staff(id), quality_at TEXT,   -- urgent: sent to the quality department
            rep_id INTEGER REFERENCES staff(id), rep_at TEXT,           -- urgent: reported to the management rep
            report_due TEXT,                     -- urgent: the corrective/preventive report's last day (a date)
            report_at TEXT, cause TEXT, measure TEXT, reported_by_id INTEGER REFERENCES staff(id),
            review_id INTEGER REFERENCES info_reviews(id),  -- the week's review at a meeting
            rules TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX info_entries_logged ON info_entries (office_id, logged_at);
        CREATE INDEX info_entries_week ON info_entries (office_id, week);
        -- owed: `report due` reads only these rows
        CREATE INDEX info_entries_undistributed ON info_entries (distribute_due)
            WHERE external = 1 AND distributed_at IS NULL;
        CREATE INDEX info_entries_unsent ON info_entries (logged_at)
            WHERE urgent = 1 AND (quality_at IS NULL OR rep_at IS NULL);
        CREATE INDEX info_entries_unreported ON info_entries (report_due) WHERE urgent = 1 AND report_at IS NULL;
        CREATE INDEX info_entries_unreviewed ON info_entries (office_id, week) WHERE review_id IS NULL;
        CREATE TABLE info_distributions (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES info_entries(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            at TEXT NOT NULL,
            late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
            created_by TEXT NOT NULL,
            UNIQUE (entry_id, staff_id)
        );
        CREATE TABLE info_reviews (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            week TEXT NOT NULL,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            meeting_day TEXT NOT NULL,           -- the week's meeting day (the Monday after, or the next working day)
            at TEXT NOT NULL,
            late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),  -- the meeting after the week's meeting day
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (office_id, week)
        );
        """
    )


@migrations()
def m015_tickets_month_index(db):
    """The month's ticket figures from one index, no row of the table (issue 9: `report monthly` within 3x
    of a bare GROUP BY). What the aggregate reads of each ticket is computed when the ticket is written:
    virtual generated columns (no storage in the table, every write path covered, no backfill needed) held
    in the index ``tickets_month`` over (office_id, reported_at). Only what depends on now stays in the query:
    a running SLA clock (``sla_verdict`` NULL: open or overdue against ``sla_due``) and a promised answer
    still owed (``promise_open_due``). store/tickets.SLA_STATE reads these two columns: the SLA breach rule is
    written here, and tests/test_sla_agreement.py holds it to domain/tickets.sla_state; changing the rule
    takes a migration that drops the index and the column and adds them again.

    The flags are Python's truthiness of the columns as the domain reads them (store/records.is_set).
    ``tickets_repairs_resolved`` goes: no query has searched resolved repairs since the callback sample
    draws from dispatch orders."""
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN sla_due TEXT GENERATED ALWAYS AS (
            COALESCE(CASE WHEN NOT deferral_breach THEN deferred_until END, arrive_due)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN sla_verdict TEXT GENERATED ALWAYS AS (CASE
            WHEN kind != 'repair' THEN ''
            WHEN arrive_missed_before THEN 'breached'
            WHEN COALESCE(arrived_at, CASE WHEN without_visit THEN resolved_at END) IS NOT NULL THEN
                CASE WHEN COALESCE(arrived_at, CASE WHEN without_visit THEN resolved_at END)
                          <= COALESCE(CASE WHEN NOT deferral_breach THEN deferred_until END, arrive_due)
                     THEN 'met' ELSE 'breached' END
            WHEN state = 'cancelled' THEN 'cancelled' END) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_replied INTEGER GENERATED ALWAYS AS (
            COALESCE(replied_at, '') NOT IN ('', 0)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_analysed INTEGER GENERATED ALWAYS AS (
            COALESCE(cause, '') NOT IN ('', 0) AND COALESCE(prevention, '') NOT IN ('', 0)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_escalated INTEGER GENERATED ALWAYS AS (
            COALESCE(escalation, '') NOT IN ('', 0)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_reworked INTEGER GENERATED ALWAYS AS (
            COALESCE(reworked, '') NOT IN ('', 0)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_re_repair INTEGER GENERATED ALWAYS AS (
            COALESCE(parent_id, '') NOT IN ('', 0)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_reopened INTEGER GENERATED ALWAYS AS (
            COALESCE(reopened, '') NOT IN ('', 0)) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_deferral_breach INTEGER GENERATED ALWAYS AS (
            COALESCE(deferral_breach, '') NOT IN ('', 0) OR deferral_missed_before) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN has_promise INTEGER GENERATED ALWAYS AS (promise_due IS NOT NULL) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_promise_kept INTEGER GENERATED ALWAYS AS (promise_kept IS 1) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN is_promise_broken INTEGER GENERATED ALWAYS AS (promise_kept IS 0) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN promise_open_due TEXT GENERATED ALWAYS AS (
            CASE WHEN promise_kept IS NULL AND replied_at IS NULL THEN promise_due END) VIRTUAL;
        CREATE INDEX tickets_month ON tickets (
            office_id, reported_at, state, kind, category, channel, priority, sla_verdict, sla_due,
            is_replied, is_analysed, is_escalated, is_reworked, is_re_repair, is_reopened, is_deferral_breach,
            has_promise, is_promise_kept, is_promise_broken, promise_open_due);
        DROP INDEX tickets_repairs_resolved;
        """
    )


@migrations()
def m016_stop(db):
    """STOP safety observation (安全观察与沟通, issue 14, SPEC §5, 004 篇3): the year's plan (observation teams
    with their areas, crews with their shift), cards with their observers (never an observed person), the
    weekly analysis (measures, training), the monthly summary sent up the line, awards and deviations.
    Each observer row carries what it fills (the crew shift and its day), worked out when the card is written."""
    db.executescript(
        """
        CREATE TABLE stop_plans (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            year INTEGER NOT NULL,
            starts TEXT NOT NULL,                      -- the first day quotas count (the plan's day, or Jan 1)
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (office_id, year)
        );
        CREATE TABLE stop_units (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES stop_plans(id),
            kind TEXT NOT NULL CHECK (kind IN ('team', 'crew')),
            name TEXT NOT NULL,
            shift_start INTEGER,                       -- crews: the shift's hours [start, end), end may pass midnight
            shift_end INTEGER,
            UNIQUE (plan_id, kind, name)
        );
        CREATE INDEX stop_units_plan ON stop_units (plan_id);
        CREATE TABLE stop_unit_members (
            unit_id INTEGER NOT NULL REFERENCES stop_units(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            leader INTEGER NOT NULL DEFAULT 0 CHECK (leader IN (0, 1)),
            PRIMARY KEY (unit_id, staff_id)
        );
        CREATE TABLE stop_areas (
            plan_id INTEGER NOT NULL REFERENCES stop_plans(id),
            area TEXT NOT NULL,
            unit_id INTEGER NOT NULL REFERENCES stop_units(id),
            PRIMARY KEY (plan_id, area)
        );
        CREATE INDEX stop_areas_unit ON stop_areas (unit_id);
        CREATE TABLE stop_cards (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            at TEXT NOT NULL,
            week TEXT NOT NULL,                        -- ISO week YYYY-Www of `at`
            area TEXT NOT NULL,
            planned INTEGER NOT NULL CHECK (planned IN (0, 1)),
            category TEXT NOT NULL,
            safe INTEGER NOT NULL CHECK (safe IN (0, 1)),
            actions TEXT NOT NULL,                     -- JSON list of action codes
            seconds INTEGER NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX stop_cards_at ON stop_cards (office_id, at);
        CREATE INDEX stop_cards_week ON stop_cards (office_id, week);
        CREATE TABLE stop_card_observers (
            card_id INTEGER NOT NULL REFERENCES stop_cards(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            office_id INTEGER NOT NULL REFERENCES offices(id),
            at TEXT NOT NULL,
            planned INTEGER NOT NULL,
            unit_id INTEGER REFERENCES stop_units(id),  -- the crew whose shift the card falls in (a member's)
            shift_day TEXT,                            -- the day that shift began
            leader INTEGER NOT NULL DEFAULT 0,         -- the observer leads that crew
            PRIMARY KEY (card_id, staff_id)
        );
        CREATE INDEX stop_card_observers_at ON stop_card_observers (office_id, at);
        CREATE TABLE stop_weeks (                      -- the weekly analysis (附录C): its form is numbered on this row
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            week TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (office_id, week)
        );
        CREATE TABLE stop_measures (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            week TEXT NOT NULL,
            category TEXT NOT NULL,
            text TEXT NOT NULL,
            at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX stop_measures_week ON stop_measures (office_id, week, category);
        CREATE TABLE stop_trainings (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            week TEXT NOT NULL,
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX stop_trainings_week ON stop_trainings (office_id, week);
        CREATE TABLE stop_summaries (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            month TEXT NOT NULL,                       -- YYYY-MM
            sent_to TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (office_id, month)
        );
        CREATE TABLE stop_awards (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            period TEXT NOT NULL,                      -- YYYY-Www or YYYY-MM
            card_id INTEGER REFERENCES stop_cards(id),
            staff_id INTEGER REFERENCES staff(id),
            unit_id INTEGER REFERENCES stop_units(id),
            reason TEXT,
            at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX stop_awards_at ON stop_awards (office_id, at);
        CREATE TABLE stop_deviations (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            from_day TEXT NOT NULL,
            to_day TEXT NOT NULL,
            approved_by INTEGER NOT NULL REFERENCES staff(id),
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX stop_deviations_days ON stop_deviations (office_id, from_day);
        """
    )


# The month counters of m017_month_counts: per record table, the buckets one row adds to, each as SQL over the row
# ``{r}`` (OLD, NEW, or the table's alias in the backfill): (office_id, month, figure, key, amount). A bucket whose
# figure is NULL holds nothing. Fixed with the migration that writes them: changing what a trend counts takes a new
# migration that drops the triggers, empties month_counts and backfills again.
_MONTH_COUNTS = {
    "tickets": [
        (
            "{r}.office_id",
            "substr({r}.reported_at, 1, 7)",
            # a repair whose SLA clock has stopped counts by its verdict; a running clock (open, overdue) is in no
            # trend figure; a complaint by its state; cancelled tickets in none
            "CASE WHEN {r}.state = 'cancelled' THEN NULL"
            " WHEN {r}.kind = 'repair' AND {r}.sla_verdict IN ('met', 'breached') THEN 'sla.' || {r}.sla_verdict"
            " WHEN {r}.kind = 'complaint' THEN 'complaint' END",
            "CASE WHEN {r}.kind = 'repair' THEN COALESCE({r}.priority, '') ELSE {r}.state END",
            "1",
        )
    ],
    "callbacks": [
        (
            "{r}.office_id",
            "substr({r}.done_at, 1, 7)",
            "CASE WHEN {r}.state = 'done' THEN 'callback' END",
            # the grade when set (store/records.is_set), else ''
            "CASE WHEN COALESCE({r}.satisfaction, '') NOT IN ('', 0) THEN {r}.satisfaction ELSE '' END",
            "1",
        )
    ],
    "visits": [
        (
            "{r}.office_id",
            "substr({r}.started_at, 1, 7)",
            "CASE WHEN {r}.state != 'cancelled' THEN 'visit' END",
            "''",
            "1",
        )
    ],
    "surveys": [
        ("{r}.office_id", "{r}.season", "'survey.target'", "''", "{r}.target"),
        # the survey's returns move with its office and season
        (
            "{r}.office_id",
            "{r}.season",
            "'survey.returns'",
            "''",
            "(SELECT COUNT(*) FROM survey_returns x WHERE x.survey_id = {r}.id)",
        ),
    ],
    "survey_returns": [
        (
            "(SELECT s.office_id FROM surveys s WHERE s.id = {r}.survey_id)",
            "(SELECT s.season FROM surveys s WHERE s.id = {r}.survey_id)",
            "'survey.returns'",
            "''",
            "1",
        )
    ],
}


def month_counts_from_rows() -> str:
    """SQL: the month counters counted from the rows, by the same expressions as the triggers — the columns
    (o, m, f, k, n) of office, month, figure, key and count. The backfill writes it; ``db check`` compares it
    with ``month_counts`` (store/consistency.month_counters)."""
    parts = []
    for table, buckets in _MONTH_COUNTS.items():
        # a survey's bucket of its returns counts the existing returns once; theirs would count them again
        for bucket in buckets if table != "survey_returns" else []:
            office, month, figure, key, amount = (e.format(r="r") for e in bucket)
            parts.append(f"SELECT {office} AS o, {month} AS m, {figure} AS f, {key} AS k, {amount} AS a FROM {table} r")
    return (
        f"SELECT o, m, f, k, SUM(a) AS n FROM ({' UNION ALL '.join(parts)})"
        " WHERE o IS NOT NULL AND m IS NOT NULL AND f IS NOT NULL AND k IS NOT NULL GROUP BY 1, 2, 3, 4"
    )


def _count_sql(table: str, r: str, sign: str) -> list[str]:
    """Statements adding (sign '+') or taking away (sign '-') the buckets of row ``r`` of ``table``."""
    out = []
    for bucket in _MONTH_COUNTS[table]:
        office, month, figure, key, amount = (e.format(r=r) for e in bucket)
        if sign == "+":
            out.append(
                f"INSERT INTO month_counts (office_id, month, figure, key, n) SELECT o, m, f, k, a FROM"
                f" (SELECT {office} AS o, {month} AS m, {figure} AS f, {key} AS k, {amount} AS a)"
                " WHERE o IS NOT NULL AND m IS NOT NULL AND f IS NOT NULL AND k IS NOT NULL"
                " ON CONFLICT DO UPDATE SET n = n + excluded.n;"
            )
        else:
            out.append(
                f"UPDATE month_counts SET n = n - ({amount}) WHERE office_id = {office} AND month = {month}"
                f" AND figure = {figure} AND key = {key};"
            )
    return out


def _bucket_row(table: str, r: str) -> str:
    return "(" + ", ".join(e.format(r=r) for bucket in _MONTH_COUNTS[table] for e in bucket) + ")"


def _counts_any(table: str, r: str) -> str:
    """SQL: row ``r`` counts in some bucket (most tickets of a month count in none: inquiries, running clocks)."""
    return "(" + " OR ".join(f"({bucket[2].format(r=r)}) IS NOT NULL" for bucket in _MONTH_COUNTS[table]) + ")"


@migrations()
def m017_month_counts(db):
    """The monthly report's trends from counters (issue 15: the report within 3x of a bare GROUP BY on a 1M-ticket
    store): ``month_counts`` holds, per office, month, figure and key, how many records (or, for a survey's target,
    how many households) count in that month, so a 12-month trend reads a few small rows whatever the store's size.
    Triggers keep it on every write path (services, imports, raw SQL): after an insert the row's buckets gain, after
    a delete they lose, after an update that moves a bucket the old row's lose and the new row's gain. The month is
    the record's local month (its stored time's first seven characters; a survey's season). Figures (_MONTH_COUNTS):
    ``sla.met`` / ``sla.breached`` per priority (key; '' none) by reported_at — repairs not cancelled whose SLA
    clock has stopped (a running clock is neither; so no figure here depends on now); ``complaint`` per state
    (cancelled excluded) by reported_at; ``callback`` per satisfaction grade ('' ungraded) by done_at, done only;
    ``visit`` (not cancelled) by started_at; ``survey.target`` and ``survey.returns`` by season. A bucket may hold 0
    after a move. The backfill counts the existing rows by the same expressions."""
    db.execute(
        "CREATE TABLE month_counts (office_id INTEGER NOT NULL, month TEXT NOT NULL, figure TEXT NOT NULL,"
        " key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (office_id, month, figure, key)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO month_counts (office_id, month, figure, key, n) SELECT o, m, f, k, n FROM"
        f" ({month_counts_from_rows()}) WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n"
    )
    for table in _MONTH_COUNTS:
        add, take = _count_sql(table, "NEW", "+"), _count_sql(table, "OLD", "-")
        nl = "\n    "
        db.executescript(
            f"CREATE TRIGGER {table}_counts_insert AFTER INSERT ON {table} WHEN {_counts_any(table, 'NEW')}"
            f" BEGIN{nl}{nl.join(add)}\nEND;\n"
            f"CREATE TRIGGER {table}_counts_delete AFTER DELETE ON {table} WHEN {_counts_any(table, 'OLD')}"
            f" BEGIN{nl}{nl.join(take)}\nEND;\n"
            f"CREATE TRIGGER {table}_counts_update AFTER UPDATE ON {table}"
            f" WHEN {_bucket_row(table, 'OLD')} IS NOT {_bucket_row(table, 'NEW')}"
            f" BEGIN{nl}{nl.join(take + add)}\nEND;\n"
        )


@migrations()
def m018_stop_meetings(db):
    """The weekly STOP analysis is a meeting (004 篇3 5.4.2): a measure or a training names the stop_analysis
    meeting it was set at (NULL: recorded without one held)."""
    db.executescript(
        """
        ALTER TABLE stop_measures ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
        ALTER TABLE stop_trainings ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
        """
    )
