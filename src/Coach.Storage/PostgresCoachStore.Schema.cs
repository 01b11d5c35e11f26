namespace Coach.Storage;

/// <summary>The tables and the migrations that build them, one array per schema version, in the order they run.</summary>
public sealed partial class PostgresCoachStore
{
    /// <summary>Every table that holds rows about a person (forget empties them all for that person).</summary>
    public static readonly IReadOnlyList<string> PersonTables = ["sessions", "settings", "streaks", "stories", "assessments", "events", "inbox", "outbox"];

    /// <summary>Key of the advisory lock that serialises migrations when several workers start at once.</summary>
    public const long MigrationLockKey = 0x436F616368_0001; // "Coach", 1

    private static readonly string[][] Migrations =
    [
        [
            "CREATE SEQUENCE session_versions",
            """
            CREATE TABLE sessions (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                version BIGINT NOT NULL, state TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (platform, workspace, user_id))
            """,
            """
            CREATE TABLE settings (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                target TEXT NOT NULL, first_seen TIMESTAMPTZ,
                PRIMARY KEY (platform, workspace, user_id))
            """,
            """
            CREATE TABLE streaks (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                current INTEGER NOT NULL, best INTEGER NOT NULL, last_day DATE,
                PRIMARY KEY (platform, workspace, user_id))
            """,
            """
            CREATE TABLE stories (
                id BIGINT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                principle TEXT, question_id TEXT, question TEXT NOT NULL, target TEXT NOT NULL,
                situation TEXT NOT NULL, task TEXT NOT NULL, action TEXT NOT NULL, result TEXT NOT NULL,
                source TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX stories_person ON stories (platform, workspace, user_id, created_at)",
            """
            CREATE TABLE assessments (
                story_id BIGINT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
                platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                reads_as TEXT NOT NULL, fit TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, bands TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX assessments_person ON assessments (platform, workspace, user_id)",
            """
            CREATE TABLE events (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, handled_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX events_person ON events (platform, workspace, user_id)",
            "CREATE INDEX events_time ON events (handled_at)",
        ],
        [
            // daily prompts: one delivery row per (schedule, local date) is the claim; its primary key makes the claim exactly once
            """
            CREATE TABLE schedules (
                id TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT,
                owner TEXT NOT NULL, local_time TIME NOT NULL, time_zone TEXT NOT NULL, days INTEGER[] NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX schedules_person ON schedules (platform, workspace, user_id)",
            "CREATE INDEX schedules_owner ON schedules (platform, workspace, owner)",
            """
            CREATE TABLE deliveries (
                schedule_id TEXT NOT NULL, local_date DATE NOT NULL, sent_at TIMESTAMPTZ NOT NULL, question_id TEXT, answered BOOLEAN NOT NULL DEFAULT FALSE,
                PRIMARY KEY (schedule_id, local_date))
            """,
        ],
        [
            // peer mock interviews: the whole record as JSON, with the columns the look-ups and forget need beside it
            """
            CREATE TABLE mocks (
                id TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, thread TEXT,
                interviewer TEXT NOT NULL, candidate TEXT NOT NULL, state TEXT NOT NULL, doc TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX mocks_thread ON mocks (platform, workspace, thread)",
            "CREATE INDEX mocks_opening ON mocks (platform, workspace, channel, state)",
            "CREATE INDEX mocks_state ON mocks (state)",
            "CREATE INDEX mocks_interviewer ON mocks (platform, workspace, interviewer)",
            "CREATE INDEX mocks_candidate ON mocks (platform, workspace, candidate)",
            "CREATE TABLE mock_channels (platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, PRIMARY KEY (platform, workspace, channel))",
            """
            CREATE TABLE mock_queue (
                platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL, last_role TEXT, queued_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (platform, workspace, channel, user_id))
            """,
            "CREATE INDEX mock_queue_person ON mock_queue (platform, workspace, user_id)",
            "CREATE TABLE mock_roles (platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (platform, workspace, user_id))",
        ],
        [
            "CREATE TABLE transport_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, saved_at TIMESTAMPTZ NOT NULL)",
        ],
        [
            // the inbox: each event stored before it is acknowledged; the outbox: each reply saved with its turn until sent
            """
            CREATE TABLE inbox (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TIMESTAMPTZ NOT NULL, claimed_at TIMESTAMPTZ NOT NULL, handled_at TIMESTAMPTZ)
            """,
            "CREATE INDEX inbox_open ON inbox (platform, claimed_at) WHERE handled_at IS NULL",
            "CREATE INDEX inbox_time ON inbox (received_at)",
            """
            CREATE TABLE outbox (
                event_key TEXT NOT NULL, seq INTEGER NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                message TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, claimed_at TIMESTAMPTZ NOT NULL, sent_at TIMESTAMPTZ, sent_ref TEXT,
                PRIMARY KEY (event_key, seq))
            """,
            "CREATE INDEX outbox_open ON outbox (platform, claimed_at) WHERE sent_at IS NULL",
            "CREATE INDEX outbox_time ON outbox (created_at)",
        ],
        [
            // the inbox and the outbox keep only work not done (a row leaves when it is handled or sent): no time or open
            // indexes to keep up on every event, nothing to prune
            "DELETE FROM inbox WHERE handled_at IS NOT NULL",
            "DROP INDEX inbox_open",
            "DROP INDEX inbox_time",
            "ALTER TABLE inbox DROP COLUMN handled_at",
            "DELETE FROM outbox WHERE sent_at IS NOT NULL",
            "DROP INDEX outbox_open",
            "DROP INDEX outbox_time",
            "ALTER TABLE outbox DROP COLUMN sent_at, DROP COLUMN sent_ref",
        ],
        [
            // tables that empty out (the two queues; sessions, which end with their practices) keep their pages after a
            // vacuum: cutting a table's empty tail takes a lock that stops every write to it until done, and a table cut to
            // no pages is planned as next to nothing, a plan a connection keeps as the table fills again (see TruncateOff)
            "ALTER TABLE inbox SET (vacuum_truncate = false)",
            "ALTER TABLE outbox SET (vacuum_truncate = false)",
            "ALTER TABLE sessions SET (vacuum_truncate = false)",
        ],
    ];

    /// <summary>The tables that empty out and are kept at their size by a vacuum (<c>vacuum_truncate = false</c>).</summary>
    /// <remarks>
    /// A vacuum that finds empty pages at a table's end gives them back to the disk, under a lock that waits for no one:
    /// while it holds it no turn can write the table (it lets go within about 20 ms when someone waits, and tries again),
    /// and the outbox is written by every turn that replies and empties as fast. And a table cut to no pages is planned
    /// as next to nothing: a lookup by key made then reads the table through, and a connection keeps that plan (a
    /// prepared statement's generic plan) until the next vacuum, a minute or more, while the table fills again. On the
    /// load harness, whose people all stop together, sessions were read through that way 12,112 times in one 60-s run.
    /// Pages kept are reused by the rows that come next.
    /// </remarks>
    public static readonly IReadOnlyList<string> TruncateOff = ["inbox", "outbox", "sessions"];
}
