namespace Coach.Storage;

/// <summary>The tables and the migrations that build them, one array per schema version, in the order they run.</summary>
public sealed partial class SqliteCoachStore
{
    /// <summary>Every table that holds rows about a person (forget empties them all for that person).</summary>
    public static readonly IReadOnlyList<string> PersonTables = ["sessions", "settings", "streaks", "stories", "assessments", "events", "inbox", "outbox"];

    /// <summary>Tables keyed by schedule, cleaned by forget through the person's schedules.</summary>
    public static readonly IReadOnlyList<string> ScheduleTables = ["schedules", "deliveries"];

    private static readonly string[][] Migrations =
    [
        [
            """
            CREATE TABLE sessions (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                version INTEGER NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (platform, workspace, user_id))
            """,
            """
            CREATE TABLE settings (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                target TEXT NOT NULL, first_seen TEXT,
                PRIMARY KEY (platform, workspace, user_id))
            """,
            """
            CREATE TABLE streaks (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                current INTEGER NOT NULL, best INTEGER NOT NULL, last_day TEXT,
                PRIMARY KEY (platform, workspace, user_id))
            """,
            """
            CREATE TABLE stories (
                id INTEGER PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                principle TEXT, question_id TEXT, question TEXT NOT NULL, target TEXT NOT NULL,
                situation TEXT NOT NULL, task TEXT NOT NULL, action TEXT NOT NULL, result TEXT NOT NULL,
                source TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX stories_person ON stories (platform, workspace, user_id, created_at)",
            """
            CREATE TABLE assessments (
                story_id INTEGER PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                reads_as TEXT NOT NULL, fit TEXT NOT NULL, score REAL NOT NULL, bands TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE events (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, handled_at TEXT NOT NULL)
            """,
            "CREATE INDEX events_person ON events (platform, workspace, user_id)",
            "CREATE INDEX events_time ON events (handled_at)",
        ],
        [
            """
            CREATE TABLE schedules (
                id TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT,
                owner TEXT NOT NULL, local_time TEXT NOT NULL, time_zone TEXT NOT NULL, days TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE deliveries (
                schedule_id TEXT NOT NULL, local_date TEXT NOT NULL, sent_at TEXT NOT NULL, question_id TEXT, answered INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (schedule_id, local_date))
            """,
        ],
        [
            """
            CREATE TABLE mocks (
                id TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, thread TEXT,
                interviewer TEXT NOT NULL, candidate TEXT NOT NULL, state TEXT NOT NULL, doc TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX mocks_thread ON mocks (platform, workspace, thread)",
            "CREATE TABLE mock_channels (platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, PRIMARY KEY (platform, workspace, channel))",
            """
            CREATE TABLE mock_queue (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL, last_role TEXT, queued_at TEXT NOT NULL,
                PRIMARY KEY (platform, workspace, channel, user_id))
            """,
            "CREATE TABLE mock_roles (platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (platform, workspace, user_id))",
        ],
        [
            "CREATE TABLE transport_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, saved_at TEXT NOT NULL)",
        ],
        [
            """
            CREATE TABLE inbox (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TEXT NOT NULL, claimed_at TEXT NOT NULL, handled_at TEXT)
            """,
            "CREATE INDEX inbox_open ON inbox (platform, claimed_at) WHERE handled_at IS NULL",
            "CREATE INDEX inbox_time ON inbox (received_at)",
            """
            CREATE TABLE outbox (
                event_key TEXT NOT NULL, seq INTEGER NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                message TEXT NOT NULL, created_at TEXT NOT NULL, claimed_at TEXT NOT NULL, sent_at TEXT, sent_ref TEXT,
                PRIMARY KEY (event_key, seq))
            """,
            "CREATE INDEX outbox_open ON outbox (platform, claimed_at) WHERE sent_at IS NULL",
            "CREATE INDEX outbox_time ON outbox (created_at)",
        ],
        [
            // the inbox and the outbox keep only work not done (a row leaves when it is handled or sent): no time or open
            // indexes to keep up on every event, nothing to prune
            """
            CREATE TABLE inbox_new (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TEXT NOT NULL, claimed_at TEXT NOT NULL)
            """,
            "INSERT INTO inbox_new SELECT event_key, platform, workspace, user_id, payload, received_at, claimed_at FROM inbox WHERE handled_at IS NULL",
            "DROP TABLE inbox",
            "ALTER TABLE inbox_new RENAME TO inbox",
            """
            CREATE TABLE outbox_new (
                event_key TEXT NOT NULL, seq INTEGER NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                message TEXT NOT NULL, created_at TEXT NOT NULL, claimed_at TEXT NOT NULL,
                PRIMARY KEY (event_key, seq))
            """,
            "INSERT INTO outbox_new SELECT event_key, seq, platform, workspace, user_id, message, created_at, claimed_at FROM outbox WHERE sent_at IS NULL",
            "DROP TABLE outbox",
            "ALTER TABLE outbox_new RENAME TO outbox",
        ],
        [
            // every b-tree a commit changes is one 4 KiB page more in the log. The inbox becomes one b-tree ordered by its
            // key (WITHOUT ROWID: no second b-tree to keep the key unique). The outbox becomes one b-tree ordered by a
            // number SQLite hands out: a turn's reply goes in at its end and, sent a moment later, comes out of the same
            // page (the store remembers each row's number; see SqliteCoachStore.Delivery)
            """
            CREATE TABLE inbox_new (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TEXT NOT NULL, claimed_at TEXT NOT NULL) WITHOUT ROWID
            """,
            "INSERT INTO inbox_new SELECT event_key, platform, workspace, user_id, payload, received_at, claimed_at FROM inbox",
            "DROP TABLE inbox",
            "ALTER TABLE inbox_new RENAME TO inbox",
            """
            CREATE TABLE outbox_new (
                id INTEGER PRIMARY KEY, event_key TEXT NOT NULL, seq INTEGER NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL,
                user_id TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL, claimed_at TEXT NOT NULL)
            """,
            """
            INSERT INTO outbox_new (event_key, seq, platform, workspace, user_id, message, created_at, claimed_at)
            SELECT event_key, seq, platform, workspace, user_id, message, created_at, claimed_at FROM outbox ORDER BY created_at, event_key, seq
            """,
            "DROP TABLE outbox",
            "ALTER TABLE outbox_new RENAME TO outbox",
        ],
        [
            // the inbox's rows go in at its end, in the order the events came, like the outbox's; the key is kept unique
            // by an index of its own. Ordered by the event key, a row of several hundred bytes went into whichever page
            // its key fell in, a page held only a few, and SQLite split and rebalanced full pages and their neighbours
            // every few events; a row added at the end just starts a new page now and then, and the index pages hold
            // dozens of keys. Measured at saturation: a tenth fewer file writes and a third fewer reads (BENCHMARKS.md,
            // "Slack: the cost of the inbox and the outbox")
            """
            CREATE TABLE inbox_new (
                id INTEGER PRIMARY KEY, event_key TEXT NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                payload TEXT NOT NULL, received_at TEXT NOT NULL, claimed_at TEXT NOT NULL)
            """,
            """
            INSERT INTO inbox_new (event_key, platform, workspace, user_id, payload, received_at, claimed_at)
            SELECT event_key, platform, workspace, user_id, payload, received_at, claimed_at FROM inbox ORDER BY received_at, event_key
            """,
            "DROP TABLE inbox",
            "ALTER TABLE inbox_new RENAME TO inbox",
            "CREATE UNIQUE INDEX inbox_key ON inbox (event_key)",
        ],
    ];
}
