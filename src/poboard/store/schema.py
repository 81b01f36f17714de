"""The schema, as forward-only migrations numbered by `PRAGMA user_version`."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            quarter TEXT,
            north_star INTEGER NOT NULL DEFAULT 0,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE key_results (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            metric TEXT NOT NULL,
            baseline REAL NOT NULL,
            target REAL NOT NULL,
            current REAL NOT NULL
        )""",
        """CREATE TABLE sprints (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            goal TEXT NOT NULL DEFAULT '',
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            state TEXT NOT NULL,
            committed_points INTEGER NOT NULL DEFAULT 0,
            velocity INTEGER,
            closed_at TEXT
        )""",
        """CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            owner TEXT,
            audience TEXT,
            promise TEXT,
            proof TEXT,
            metric TEXT,
            partners TEXT NOT NULL DEFAULT '[]',
            goal_id INTEGER REFERENCES goals(id),
            horizon TEXT NOT NULL,
            sprint_id INTEGER REFERENCES sprints(id),
            status TEXT NOT NULL,
            rank REAL NOT NULL,
            estimate INTEGER,
            value INTEGER NOT NULL,
            urgency INTEGER NOT NULL,
            impact INTEGER NOT NULL,
            fit INTEGER NOT NULL,
            effort INTEGER NOT NULL,
            risk INTEGER NOT NULL,
            hypothesis TEXT,
            success_metric TEXT,
            guardrail_metric TEXT,
            decision_rule TEXT,
            result TEXT,
            result_note TEXT,
            slipped INTEGER NOT NULL DEFAULT 0,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX items_rank ON items(rank)",
        "CREATE INDEX items_sprint ON items(sprint_id)",
        """CREATE TABLE criteria (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            text TEXT NOT NULL,
            state TEXT NOT NULL,
            dod INTEGER NOT NULL DEFAULT 0,
            by TEXT,
            at TEXT,
            reason TEXT
        )""",
        "CREATE INDEX criteria_item ON criteria(item_id, n)",
        """CREATE TABLE blockers (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            blocker_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            PRIMARY KEY (item_id, blocker_id)
        )""",
        """CREATE TABLE retros (
            id INTEGER PRIMARY KEY,
            sprint_id INTEGER REFERENCES sprints(id),
            format TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE retro_cards (
            id INTEGER PRIMARY KEY,
            retro_id INTEGER NOT NULL REFERENCES retros(id) ON DELETE CASCADE,
            column_name TEXT NOT NULL,
            text TEXT NOT NULL,
            author TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE retro_votes (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES retro_cards(id) ON DELETE CASCADE,
            user TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        """CREATE TABLE retro_actions (
            id INTEGER PRIMARY KEY,
            retro_id INTEGER NOT NULL REFERENCES retros(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            owner TEXT,
            due TEXT,
            state TEXT NOT NULL,
            item_id INTEGER REFERENCES items(id),
            carried_from INTEGER REFERENCES retro_actions(id)
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            item_id INTEGER,
            action TEXT NOT NULL,
            field TEXT,
            old TEXT,
            new TEXT,
            note TEXT
        )""",
        "CREATE INDEX events_item ON events(item_id, id)",
    ),
    # 2: criteria keep a uid across edits (merges and the events log name them by it),
    # and an event may name what inside its item it is about.
    (
        "ALTER TABLE criteria ADD COLUMN uid TEXT",
        "UPDATE criteria SET uid = lower(hex(randomblob(4))) WHERE uid IS NULL",
        "ALTER TABLE events ADD COLUMN ref TEXT",
    ),
    # 3: what lists show of an item's criteria is kept with its row (filled by the board
    # service), and the reads that screens and insights make are indexed.
    (
        "ALTER TABLE items ADD COLUMN missing TEXT",
        "ALTER TABLE items ADD COLUMN criteria_open INTEGER",
        "CREATE INDEX items_status_rank ON items(status, rank)",
        "CREATE INDEX events_action ON events(action, at)",
        "CREATE INDEX blockers_blocker ON blockers(blocker_id)",
    ),
    # 4: team members and their SSH keys: under `poboard serve` a key is who you are.
    (
        """CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE member_keys (
            id INTEGER PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL UNIQUE,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX member_keys_member ON member_keys(member_id)",
    ),
    # 5: an item imported from Jira, Trello or GitHub keeps where it came from, so that
    # importing the same export again updates it instead of adding it twice.
    (
        "ALTER TABLE items ADD COLUMN source TEXT",
        "ALTER TABLE items ADD COLUMN source_key TEXT",
        "ALTER TABLE items ADD COLUMN source_url TEXT",
        "CREATE UNIQUE INDEX items_source ON items(source, source_key) "
        "WHERE source_key IS NOT NULL",
    ),
    # 6: key-result check-ins (a day, a value, a confidence, a note), items that serve
    # a key result, and whether a closed sprint met its goal. The history that
    # `key-result` events kept becomes check-ins: each update of a key result whose
    # metric no other key result shares (creations, at the baseline, are not check-ins).
    (
        """CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            key_result_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            value REAL NOT NULL,
            confidence TEXT,
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX checkins_key_result ON checkins(key_result_id, day, id)",
        "ALTER TABLE items ADD COLUMN key_result_id INTEGER REFERENCES key_results(id)",
        "ALTER TABLE sprints ADD COLUMN goal_met TEXT",
        "ALTER TABLE sprints ADD COLUMN goal_note TEXT",
        """INSERT INTO checkins (key_result_id, day, value, by, at)
            SELECT kr.id, substr(e.at, 1, 10), CAST(e.new AS REAL), e.user, e.at
            FROM events e JOIN key_results kr ON kr.metric = e.field
            WHERE e.action = 'key-result' AND e.item_id IS NULL AND e.old IS NOT NULL
              AND e.new GLOB '*[0-9]*' AND e.new NOT GLOB '*[^0-9.eE+-]*'
              AND (SELECT COUNT(*) FROM key_results k WHERE k.metric = kr.metric) = 1
            ORDER BY e.id""",
    ),
    # 7: the sessions `poboard serve` has open (so `poboard sessions` lists and ends them
    # from any process, and a removed member's are ended), and when each key last logged in.
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            server INTEGER NOT NULL,
            member TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            address TEXT NOT NULL,
            what TEXT NOT NULL,
            command TEXT,
            started_at TEXT NOT NULL,
            ended_by TEXT
        )""",
        "ALTER TABLE member_keys ADD COLUMN last_used_at TEXT",
    ),
    # 8: when a sprint actually started (it may start before or after its planned first
    # day): what its report, burndown and flow figures count from. A sprint started before
    # this takes the time its start was logged.
    (
        "ALTER TABLE sprints ADD COLUMN started_at TEXT",
        """UPDATE sprints SET started_at = (
            SELECT MIN(e.at) FROM events e
            WHERE e.action = 'sprint' AND e.item_id IS NULL AND e.field = 'state'
              AND e.old = 'planned' AND e.new = sprints.name || ' active')
            WHERE state != 'planned'""",
    ),
    # 9: a Definition of Ready per kind: bugs and chores need less than before, experiments
    # their design too. What their rows keep of it is derived again on the next open.
    ("UPDATE items SET missing = NULL WHERE kind IN ('bug', 'chore', 'experiment')",),
    # 10: a goal can be archived: it leaves the lists, reports and pickers, and keeps its
    # key results and check-ins.
    ("ALTER TABLE goals ADD COLUMN archived_at TEXT",),
    # 11: a member is on the team or a stakeholder (who reads, and asks through requests);
    # a request waits here, numbered as items are, until a product owner triages it: only
    # an accepted one becomes an item row (with its number), so no list of items reads one.
    (
        "ALTER TABLE members ADD COLUMN role TEXT NOT NULL DEFAULT 'member'",
        """CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            audience TEXT,
            promise TEXT,
            proof TEXT,
            metric TEXT,
            why TEXT,
            needed_by TEXT,
            requested_by TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new',
            reason TEXT,
            item_id INTEGER,
            decided_by TEXT,
            decided_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX requests_status ON requests(status, created_at)",
        "CREATE INDEX requests_requester ON requests(requested_by, created_at)",
        "CREATE INDEX requests_item ON requests(item_id)",
    ),
    # 12: signing in to the web pages (`serve --web`): a one-time link, then a session;
    # each kept only as a hash of its secret, so the file never holds a usable one.
    (
        """CREATE TABLE web_links (
            token_hash TEXT PRIMARY KEY,
            member TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )""",
        """CREATE TABLE web_sessions (
            token_hash TEXT PRIMARY KEY,
            member TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        "CREATE INDEX web_links_member ON web_links(member)",
        "CREATE INDEX web_sessions_member ON web_sessions(member)",
    ),
    # 13: a roadmap lane's open items, counted and read by rank without a scan of the
    # board (the web roadmap shows the top of each lane and how many it holds).
    ("CREATE INDEX items_horizon_rank ON items(horizon, rank, status)",),
)

SCHEMA_VERSION = len(MIGRATIONS)
BOARD_TABLES = frozenset({"items", "criteria", "events", "settings", "sprints", "goals"})
