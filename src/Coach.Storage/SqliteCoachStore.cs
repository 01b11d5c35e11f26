using System.Globalization;
using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Mock;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Coach.Storage;

/// <summary>The embedded store: one SQLite file in WAL mode; schema migrations run at start.</summary>
public sealed class SqliteCoachStore : ICoachStore, IScheduleStore, IMockStore, IStoreStats, ITransportStateStore, IDisposable
{
    /// <summary>Every table that holds rows about a person (forget empties them all for that person).</summary>
    public static readonly IReadOnlyList<string> PersonTables = ["sessions", "settings", "streaks", "stories", "assessments", "events"];

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
    ];

    /// <summary>How long handled event ids are kept for de-duplication (platforms redeliver within minutes).</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(7);

    private readonly string _connectionString;
    private readonly ILogger<SqliteCoachStore> _logger;
    private const int MaxIdleConnections = 32;
    private const int MaxMockAttempts = 20;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> PreparedCommands = [];

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentBag<SqliteConnection> _idle = [];
    private long _commits;
    private const int CheckpointEvery = 200;
    private int _writesSinceCheckpoint;
    private int _checkpointing;
    private long _checkpoints;
    private volatile bool _disposed;

    public SqliteCoachStore(string connectionString, ILogger<SqliteCoachStore> logger)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString.Contains('=', StringComparison.Ordinal) ? connectionString : $"Data Source={connectionString}")
        {
            Pooling = false, // the store keeps its own open connections, with their prepared commands
            DefaultTimeout = 30,
        };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _logger = logger;
    }

    public string DataSource { get; }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out SqliteConnection? c))
        {
            c.Dispose();
        }
        _writeLock.Dispose();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        await ExecAsync(c, null, "PRAGMA journal_mode=WAL", cancellationToken);
        while (true)
        {
            // BEGIN IMMEDIATE takes the write lock before the version is read: a second process starting on the same new file
            // waits here, then reads the version the first one wrote instead of running the same migration again
            await using SqliteTransaction tx = c.BeginTransaction(deferred: false);
            await ExecAsync(c, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken);
            long v = await ScalarAsync(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken);
            if (v >= Migrations.Length)
            {
                break;
            }
            foreach (string sql in Migrations[v])
            {
                await ExecAsync(c, tx, sql, cancellationToken);
            }
            await ExecAsync(c, tx, $"INSERT INTO schema_version (version) VALUES ({v + 1})", cancellationToken);
            await tx.CommitAsync(cancellationToken);
            _logger.LogInformation("Store schema migrated to version {Version}", v + 1);
        }
    }

    public async Task<PersonState> LoadAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        // one statement for the three rows a turn needs: one round through SQLite per event instead of three
        SqliteCommand cmd = Command(lease.Connection, null, """
            SELECT s.version, s.state, st.target, st.first_seen, k.current, k.best, k.last_day
            FROM (SELECT $p AS p, $w AS w, $u AS u) AS who
            LEFT JOIN sessions s ON s.platform = who.p AND s.workspace = who.w AND s.user_id = who.u
            LEFT JOIN settings st ON st.platform = who.p AND st.workspace = who.w AND st.user_id = who.u
            LEFT JOIN streaks k ON k.platform = who.p AND k.workspace = who.w AND k.user_id = who.u
            """, person);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return new PersonState(null, 0, PersonSettings.Default, Streak.None);
        }
        SessionState? session = r.IsDBNull(1) ? null : StoreJson.Session(r.GetString(1));
        long version = r.IsDBNull(0) ? 0 : r.GetInt64(0);
        PersonSettings settings = r.IsDBNull(2) ? PersonSettings.Default
            : new PersonSettings(Enum.Parse<Level>(r.GetString(2)), r.IsDBNull(3) ? null : DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture));
        Streak streak = r.IsDBNull(4) ? Streak.None
            : new Streak(r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? null : DateOnly.Parse(r.GetString(6), CultureInfo.InvariantCulture));
        return new PersonState(session, version, settings, streak);
    }

    public async Task<CommitOutcome> CommitAsync(Commit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        PersonKey p = commit.Person;
        string now = commit.At.ToString("O", CultureInfo.InvariantCulture);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using Lease lease = await OpenAsync(cancellationToken);
            SqliteConnection c = lease.Connection;
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
            if (commit.EventKey is not null)
            {
                SqliteCommand cmd = Command(c, tx, "INSERT INTO events (event_key, platform, workspace, user_id, handled_at) VALUES ($k, $p, $w, $u, $t) ON CONFLICT DO NOTHING", p);
                cmd.Parameters.AddWithValue("$k", commit.EventKey);
                cmd.Parameters.AddWithValue("$t", now);
                if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return CommitOutcome.Duplicate;
                }
            }
            if (commit.SaveSession && !await SaveSessionAsync(c, tx, commit, now, cancellationToken))
            {
                return CommitOutcome.Conflict;
            }
            if (commit.Settings is { } settings)
            {
                SqliteCommand cmd = Command(c, tx, """
                    INSERT INTO settings (platform, workspace, user_id, target, first_seen) VALUES ($p, $w, $u, $target, $first)
                    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET target = excluded.target, first_seen = COALESCE(settings.first_seen, excluded.first_seen)
                    """, p);
                cmd.Parameters.AddWithValue("$target", settings.Target.ToString());
                cmd.Parameters.AddWithValue("$first", (object?)settings.FirstSeen?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            if (commit.Streak is { } streak)
            {
                SqliteCommand cmd = Command(c, tx, """
                    INSERT INTO streaks (platform, workspace, user_id, current, best, last_day) VALUES ($p, $w, $u, $cur, $best, $day)
                    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET current = excluded.current, best = excluded.best, last_day = excluded.last_day
                    """, p);
                cmd.Parameters.AddWithValue("$cur", streak.Current);
                cmd.Parameters.AddWithValue("$best", streak.Best);
                cmd.Parameters.AddWithValue("$day", (object?)streak.LastDay?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            if (commit.DeleteStoryId is { } delete)
            {
                foreach (string sql in (string[])["DELETE FROM assessments WHERE story_id=$id AND platform=$p AND workspace=$w AND user_id=$u",
                                                   "DELETE FROM stories WHERE id=$id AND platform=$p AND workspace=$w AND user_id=$u"])
                {
                    SqliteCommand cmd = Command(c, tx, sql, p);
                    cmd.Parameters.AddWithValue("$id", delete);
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            if (commit.NewStory is { } story)
            {
                await InsertStoryAsync(c, tx, story, cancellationToken);
            }
            if (Interlocked.Increment(ref _commits) % 1000 == 0)
            {
                SqliteCommand prune = Command(c, tx, "DELETE FROM events WHERE handled_at < $cutoff", null);
                prune.Parameters.AddWithValue("$cutoff", (commit.At - EventRetention).ToString("O", CultureInfo.InvariantCulture));
                await prune.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            return CommitOutcome.Committed;
        }
        finally
        {
            _writeLock.Release();
            CheckpointSoon();
        }
    }

    private static async Task<bool> SaveSessionAsync(SqliteConnection c, SqliteTransaction tx, Commit commit, string now, CancellationToken ct)
    {
        PersonKey p = commit.Person;
        if (commit.Session is null)
        {
            SqliteCommand del = Command(c, tx, "DELETE FROM sessions WHERE platform=$p AND workspace=$w AND user_id=$u AND version=$v", p);
            del.Parameters.AddWithValue("$v", commit.ExpectedVersion);
            return await del.ExecuteNonQueryAsync(ct) == 1 || commit.ExpectedVersion == 0;
        }
        string json = StoreJson.Session(commit.Session);
        if (commit.ExpectedVersion == 0)
        {
            // a random first version, never 1 again after a delete: a writer that loaded the old session cannot match the new one
            // (below 2^62, so version + 1 never overflows)
            SqliteCommand ins = Command(c, tx, "INSERT INTO sessions (platform, workspace, user_id, version, state, updated_at) VALUES ($p, $w, $u, $v, $s, $t) ON CONFLICT DO NOTHING", p);
            ins.Parameters.AddWithValue("$v", Random.Shared.NextInt64(1, 1L << 62));
            ins.Parameters.AddWithValue("$s", json);
            ins.Parameters.AddWithValue("$t", now);
            return await ins.ExecuteNonQueryAsync(ct) == 1;
        }
        SqliteCommand upd = Command(c, tx, "UPDATE sessions SET version = version + 1, state = $s, updated_at = $t WHERE platform=$p AND workspace=$w AND user_id=$u AND version=$v", p);
        upd.Parameters.AddWithValue("$s", json);
        upd.Parameters.AddWithValue("$t", now);
        upd.Parameters.AddWithValue("$v", commit.ExpectedVersion);
        return await upd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task InsertStoryAsync(SqliteConnection c, SqliteTransaction tx, StoryRecord s, CancellationToken ct)
    {
        string at = s.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        SqliteCommand story = Command(c, tx, """
            INSERT INTO stories (id, platform, workspace, user_id, principle, question_id, question, target, situation, task, action, result, source, created_at)
            VALUES ($id, $p, $w, $u, $principle, $qid, $q, $target, $s, $t, $a, $r, $source, $at)
            """, s.Person);
        story.Parameters.AddWithValue("$id", s.Id);
        story.Parameters.AddWithValue("$principle", (object?)s.Principle ?? DBNull.Value);
        story.Parameters.AddWithValue("$qid", (object?)s.QuestionId ?? DBNull.Value);
        story.Parameters.AddWithValue("$q", s.Question);
        story.Parameters.AddWithValue("$target", s.Target.ToString());
        story.Parameters.AddWithValue("$s", s.Answer.Situation);
        story.Parameters.AddWithValue("$t", s.Answer.Task);
        story.Parameters.AddWithValue("$a", s.Answer.Action);
        story.Parameters.AddWithValue("$r", s.Answer.Result);
        story.Parameters.AddWithValue("$source", s.Source);
        story.Parameters.AddWithValue("$at", at);
        await story.ExecuteNonQueryAsync(ct);
        SqliteCommand assessment = Command(c, tx, """
            INSERT INTO assessments (story_id, platform, workspace, user_id, reads_as, fit, score, bands, created_at)
            VALUES ($id, $p, $w, $u, $reads, $fit, $score, $bands, $at)
            """, s.Person);
        assessment.Parameters.AddWithValue("$id", s.Id);
        assessment.Parameters.AddWithValue("$reads", s.ReadsAs.ToString());
        assessment.Parameters.AddWithValue("$fit", s.Fit.ToString());
        assessment.Parameters.AddWithValue("$score", s.Score);
        assessment.Parameters.AddWithValue("$bands", StoreJson.Bands(s.Bands));
        assessment.Parameters.AddWithValue("$at", at);
        await assessment.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<StoryRecord>> ListStoriesAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, """
            SELECT s.id, s.principle, s.question_id, s.question, s.target, s.situation, s.task, s.action, s.result, s.source, s.created_at,
                   a.reads_as, a.fit, a.score, a.bands
            FROM stories s JOIN assessments a ON a.story_id = s.id
            WHERE s.platform=$p AND s.workspace=$w AND s.user_id=$u
            ORDER BY s.created_at, s.id
            """, person);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoryRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new StoryRecord(
                r.GetInt64(0), person, r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                Enum.Parse<Level>(r.GetString(4)), new StarAnswer(r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)),
                Enum.Parse<ReadsAs>(r.GetString(11)), Enum.Parse<Fit>(r.GetString(12)), r.GetDouble(13), StoreJson.Bands(r.GetString(14)),
                DateTimeOffset.Parse(r.GetString(10), CultureInfo.InvariantCulture), r.GetString(9)));
        }
        return list;
    }

    public async Task ForgetAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using Lease lease = await OpenAsync(cancellationToken);
            SqliteConnection c = lease.Connection;
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
            foreach (string table in PersonTables.Reverse())
            {
                SqliteCommand cmd = Command(c, tx, $"DELETE FROM {table} WHERE platform=$p AND workspace=$w AND user_id=$u", person);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            foreach (string sql in (string[])[
                "DELETE FROM deliveries WHERE schedule_id IN (SELECT id FROM schedules WHERE platform=$p AND workspace=$w AND user_id=$u)",
                // deliveries claimed while the schedule was being turned off still carry the person's schedule id
                "DELETE FROM deliveries WHERE schedule_id = $p || ':' || $w || ':person:' || $u",
                "DELETE FROM schedules WHERE platform=$p AND workspace=$w AND user_id=$u",
                "UPDATE schedules SET owner='' WHERE platform=$p AND workspace=$w AND owner=$u",
                "DELETE FROM mocks WHERE platform=$p AND workspace=$w AND (interviewer=$u OR candidate=$u)",
                "DELETE FROM mock_queue WHERE platform=$p AND workspace=$w AND user_id=$u",
                "DELETE FROM mock_roles WHERE platform=$p AND workspace=$w AND user_id=$u"])
            {
                SqliteCommand cmd = Command(c, tx, sql, person);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<long> CountSessionsAsync(CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        return await ScalarAsync(c, null, "SELECT COUNT(*) FROM sessions", cancellationToken);
    }

    /// <summary>Rows about a person in each table (for operators and tests).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        var counts = new Dictionary<string, long>();
        foreach (string table in PersonTables)
        {
            SqliteCommand cmd = Command(c, null, $"SELECT COUNT(*) FROM {table} WHERE platform=$p AND workspace=$w AND user_id=$u", person);
            counts[table] = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }
        return counts;
    }

    // ------------------------------------------------------------------ transport state

    public Task SaveTransportStateAsync(string key, string value, DateTimeOffset savedAt, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO transport_state (key, value, saved_at) VALUES ($k, $v, $at)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at
                """, null);
            cmd.Parameters.AddWithValue("$k", key);
            cmd.Parameters.AddWithValue("$v", value);
            cmd.Parameters.AddWithValue("$at", savedAt.ToString("O", CultureInfo.InvariantCulture));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<(string Value, DateTimeOffset SavedAt)?> GetTransportStateAsync(string key, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteCommand cmd = Command(lease.Connection, null, "SELECT value, saved_at FROM transport_state WHERE key = $k", null);
        cmd.Parameters.AddWithValue("$k", key);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? (r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture)) : null;
    }

    // ------------------------------------------------------------------ daily schedules

    public async Task SaveScheduleAsync(DailySchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO schedules (id, platform, workspace, channel, user_id, owner, local_time, time_zone, days, created_at)
                VALUES ($id, $p, $w, $ch, $person, $owner, $time, $tz, $days, $at)
                ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, owner = excluded.owner, local_time = excluded.local_time,
                    time_zone = excluded.time_zone, days = excluded.days
                """, null);
            cmd.Parameters.AddWithValue("$id", schedule.Id);
            cmd.Parameters.AddWithValue("$p", schedule.Platform);
            cmd.Parameters.AddWithValue("$w", schedule.Workspace);
            cmd.Parameters.AddWithValue("$ch", schedule.Channel);
            cmd.Parameters.AddWithValue("$person", (object?)schedule.Person ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$owner", schedule.Owner);
            cmd.Parameters.AddWithValue("$time", schedule.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$tz", schedule.TimeZone);
            cmd.Parameters.AddWithValue("$days", string.Join(',', schedule.Days.Select(d => (int)d)));
            cmd.Parameters.AddWithValue("$at", schedule.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<DailySchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DailySchedule> found = await QuerySchedulesAsync("WHERE id = $id", id, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<DailySchedule>> ListSchedulesAsync(CancellationToken cancellationToken = default) =>
        QuerySchedulesAsync("", null, cancellationToken);

    private async Task<IReadOnlyList<DailySchedule>> QuerySchedulesAsync(string where, string? id, CancellationToken ct)
    {
        await using Lease lease = await OpenAsync(ct);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null,
            $"SELECT id, platform, workspace, channel, user_id, owner, local_time, time_zone, days, created_at FROM schedules {where} ORDER BY id", null);
        if (id is not null)
        {
            cmd.Parameters.AddWithValue("$id", id);
        }
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<DailySchedule>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new DailySchedule(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                TimeOnly.ParseExact(r.GetString(6), "HH:mm", CultureInfo.InvariantCulture), r.GetString(7),
                [.. r.GetString(8).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => (DayOfWeek)int.Parse(d, CultureInfo.InvariantCulture))],
                DateTimeOffset.Parse(r.GetString(9), CultureInfo.InvariantCulture)));
        }
        return list;
    }

    public Task<bool> DeleteScheduleAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand del = Command(c, tx, "DELETE FROM deliveries WHERE schedule_id = $id", null);
            del.Parameters.AddWithValue("$id", id);
            await del.ExecuteNonQueryAsync(cancellationToken);
            SqliteCommand cmd = Command(c, tx, "DELETE FROM schedules WHERE id = $id", null);
            cmd.Parameters.AddWithValue("$id", id);
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<bool> ClaimDeliveryAsync(string scheduleId, DateOnly localDate, DateTimeOffset at, string? questionId, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx,
                "INSERT INTO deliveries (schedule_id, local_date, sent_at, question_id) VALUES ($id, $d, $at, $q) ON CONFLICT DO NOTHING", null);
            cmd.Parameters.AddWithValue("$id", scheduleId);
            cmd.Parameters.AddWithValue("$d", localDate.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$q", (object?)questionId ?? DBNull.Value);
            return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task ReleaseDeliveryAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, "DELETE FROM deliveries WHERE schedule_id = $id AND local_date = $d AND answered = 0", null);
            cmd.Parameters.AddWithValue("$id", scheduleId);
            cmd.Parameters.AddWithValue("$d", localDate.ToString("O", CultureInfo.InvariantCulture));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task MarkAnsweredAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, "UPDATE deliveries SET answered = 1 WHERE schedule_id = $id AND local_date = $d", null);
            cmd.Parameters.AddWithValue("$id", scheduleId);
            cmd.Parameters.AddWithValue("$d", localDate.ToString("O", CultureInfo.InvariantCulture));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<DailyDelivery>> ListDeliveriesAsync(string scheduleId, int max, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null,
            "SELECT local_date, sent_at, question_id, answered FROM deliveries WHERE schedule_id = $id ORDER BY local_date DESC LIMIT $max", null);
        cmd.Parameters.AddWithValue("$id", scheduleId);
        cmd.Parameters.AddWithValue("$max", max);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<DailyDelivery>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DailyDelivery(scheduleId, DateOnly.Parse(r.GetString(0), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3) == 1));
        }
        return list;
    }

    // ------------------------------------------------------------------ mock interviews

    public Task SaveMockAsync(MockInterview mock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mock);
        return WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO mocks (id, platform, workspace, channel, thread, interviewer, candidate, state, doc, created_at, updated_at)
                VALUES ($id, $p, $w, $ch, $th, $i, $c, $s, $doc, $at, $up)
                ON CONFLICT (id) DO UPDATE SET thread = excluded.thread, state = excluded.state, doc = excluded.doc, updated_at = excluded.updated_at
                """, null);
            cmd.Parameters.AddWithValue("$id", mock.Id);
            cmd.Parameters.AddWithValue("$p", mock.Platform);
            cmd.Parameters.AddWithValue("$w", mock.Workspace);
            cmd.Parameters.AddWithValue("$ch", mock.Channel);
            cmd.Parameters.AddWithValue("$th", (object?)mock.Thread ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$i", mock.Interviewer);
            cmd.Parameters.AddWithValue("$c", mock.Candidate);
            cmd.Parameters.AddWithValue("$s", mock.State.ToString());
            cmd.Parameters.AddWithValue("$doc", System.Text.Json.JsonSerializer.Serialize(mock, StoreJson.Options));
            cmd.Parameters.AddWithValue("$at", mock.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$up", mock.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<MockInterview?> GetMockAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE id = $id", cmd => cmd.Parameters.AddWithValue("$id", id), cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<MockInterview?> UpdateMockAsync(string id, Func<MockInterview, MockInterview?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 1; ; attempt++)
        {
            string? before;
            await using (Lease lease = await OpenAsync(cancellationToken))
            {
                SqliteCommand read = Command(lease.Connection, null, "SELECT doc FROM mocks WHERE id = $id", null);
                read.Parameters.AddWithValue("$id", id);
                before = await read.ExecuteScalarAsync(cancellationToken) as string;
            }
            if (before is null || change(System.Text.Json.JsonSerializer.Deserialize<MockInterview>(before, StoreJson.Options)!) is not { } after)
            {
                return null;
            }
            // compare-and-set on the whole document: written only if nobody wrote since it was read
            bool written = await WriteAsync(async (c, tx) =>
            {
                SqliteCommand cmd = Command(c, tx, "UPDATE mocks SET thread = $th, state = $s, doc = $doc, updated_at = $up WHERE id = $id AND doc = $before", null);
                cmd.Parameters.AddWithValue("$id", id);
                cmd.Parameters.AddWithValue("$before", before);
                cmd.Parameters.AddWithValue("$th", (object?)after.Thread ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$s", after.State.ToString());
                cmd.Parameters.AddWithValue("$doc", System.Text.Json.JsonSerializer.Serialize(after, StoreJson.Options));
                cmd.Parameters.AddWithValue("$up", after.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
                return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
            }, cancellationToken);
            if (written)
            {
                return after;
            }
            if (attempt == MaxMockAttempts)
            {
                throw new InvalidOperationException($"Mock interview {id} kept changing during {MaxMockAttempts} attempts.");
            }
        }
    }

    public async Task<MockInterview?> FindMockByThreadAsync(string platform, string workspace, string thread, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE platform = $p AND workspace = $w AND thread = $th ORDER BY created_at DESC LIMIT 1", cmd =>
        {
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$th", thread);
        }, cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<MockInterview?> FindOpeningMockAsync(string platform, string workspace, string channel, string interviewer, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE platform = $p AND workspace = $w AND channel = $ch AND state = 'Opening' AND (interviewer = $u OR candidate = $u) ORDER BY created_at DESC LIMIT 1", cmd =>
        {
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$ch", channel);
            cmd.Parameters.AddWithValue("$u", interviewer);
        }, cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<IReadOnlyList<MockInterview>> ListUnstartedMocksAsync(CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE state IN ('Answering', 'Opening')", _ => { }, cancellationToken)).Where(m => m.StartedAt is null).ToList();

    private async Task<IReadOnlyList<MockInterview>> QueryMocksAsync(string where, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using Lease lease = await OpenAsync(ct);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, $"SELECT doc FROM mocks {where}", null);
        bind(cmd);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<MockInterview>();
        while (await r.ReadAsync(ct))
        {
            list.Add(System.Text.Json.JsonSerializer.Deserialize<MockInterview>(r.GetString(0), StoreJson.Options)!);
        }
        return list;
    }

    public Task SetMockChannelAsync(string platform, string workspace, string channel, bool on, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, on
                ? "INSERT INTO mock_channels (platform, workspace, channel) VALUES ($p, $w, $ch) ON CONFLICT DO NOTHING"
                : "DELETE FROM mock_channels WHERE platform = $p AND workspace = $w AND channel = $ch", null);
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$ch", channel);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<bool> IsMockChannelAsync(string platform, string workspace, string channel, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, "SELECT COUNT(*) FROM mock_channels WHERE platform = $p AND workspace = $w AND channel = $ch", null);
        cmd.Parameters.AddWithValue("$p", platform);
        cmd.Parameters.AddWithValue("$w", workspace);
        cmd.Parameters.AddWithValue("$ch", channel);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public async Task<IReadOnlyList<QueueEntry>> EnqueueAsync(QueueEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var list = new List<QueueEntry>();
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand ins = Command(c, tx, """
            INSERT INTO mock_queue (platform, workspace, channel, user_id, last_role, queued_at) VALUES ($p, $w, $ch, $u, $role, $at)
            ON CONFLICT DO NOTHING
            """, null);
            ins.Parameters.AddWithValue("$p", entry.Platform);
            ins.Parameters.AddWithValue("$w", entry.Workspace);
            ins.Parameters.AddWithValue("$ch", entry.Channel);
            ins.Parameters.AddWithValue("$u", entry.User);
            ins.Parameters.AddWithValue("$role", (object?)entry.LastRole ?? DBNull.Value);
            ins.Parameters.AddWithValue("$at", entry.QueuedAt.ToString("O", CultureInfo.InvariantCulture));
            await ins.ExecuteNonQueryAsync(cancellationToken);
            SqliteCommand q = Command(c, tx, "SELECT user_id, last_role, queued_at FROM mock_queue WHERE platform = $p AND workspace = $w AND channel = $ch ORDER BY queued_at, user_id", null);
            q.Parameters.AddWithValue("$p", entry.Platform);
            q.Parameters.AddWithValue("$w", entry.Workspace);
            q.Parameters.AddWithValue("$ch", entry.Channel);
            await using SqliteDataReader r = await q.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new QueueEntry(entry.Platform, entry.Workspace, entry.Channel, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                    DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
            }
            return true;
        }, cancellationToken);
        return list;
    }

    public Task<bool> DequeueAsync(string platform, string workspace, string channel, IReadOnlyList<string> users, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            // all or no one: when one of the pair was already taken, the other keeps their place in the queue
            tx.Save("dequeue");
            int removed = 0;
            foreach (string user in users)
            {
                SqliteCommand cmd = Command(c, tx, "DELETE FROM mock_queue WHERE platform = $p AND workspace = $w AND channel = $ch AND user_id = $u", null);
                cmd.Parameters.AddWithValue("$p", platform);
                cmd.Parameters.AddWithValue("$w", workspace);
                cmd.Parameters.AddWithValue("$ch", channel);
                cmd.Parameters.AddWithValue("$u", user);
                removed += await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            if (removed != users.Count)
            {
                tx.Rollback("dequeue");
                return false;
            }
            return true;
        }, cancellationToken);

    public async Task<string?> LastRoleAsync(string platform, string workspace, string user, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, "SELECT role FROM mock_roles WHERE platform = $p AND workspace = $w AND user_id = $u", null);
        cmd.Parameters.AddWithValue("$p", platform);
        cmd.Parameters.AddWithValue("$w", workspace);
        cmd.Parameters.AddWithValue("$u", user);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task SetLastRoleAsync(string platform, string workspace, string user, string role, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO mock_roles (platform, workspace, user_id, role) VALUES ($p, $w, $u, $role)
                ON CONFLICT (platform, workspace, user_id) DO UPDATE SET role = excluded.role
                """, null);
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$u", user);
            cmd.Parameters.AddWithValue("$role", role);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    private async Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<bool>> work, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using Lease lease = await OpenAsync(ct);
            SqliteConnection c = lease.Connection;
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            bool result = await work(c, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            _writeLock.Release();
            CheckpointSoon();
        }
    }

    /// <summary>Copies the write-ahead log into the database file every <see cref="CheckpointEvery"/> writes, on a pool
    /// thread. SQLite's own automatic checkpoint (turned off on every connection) runs inside the COMMIT that crosses
    /// the threshold and syncs the database file there, which puts a disk flush in one unlucky event's reply time.
    /// A PASSIVE checkpoint neither waits for nor blocks readers and writers.</summary>
    private void CheckpointSoon()
    {
        if (Interlocked.Increment(ref _writesSinceCheckpoint) < CheckpointEvery || _disposed ||
            Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
        {
            return;
        }
        Interlocked.Exchange(ref _writesSinceCheckpoint, 0);
        _ = Task.Run(async () =>
        {
            try
            {
                await using Lease lease = await OpenAsync(CancellationToken.None);
                await ExecAsync(lease.Connection, null, "PRAGMA wal_checkpoint(PASSIVE)", CancellationToken.None);
                Interlocked.Increment(ref _checkpoints);
            }
            catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Store checkpoint failed; the next one retries");
            }
            finally
            {
                Volatile.Write(ref _checkpointing, 0);
            }
        });
    }

    /// <summary>Background checkpoints completed (for tests and operators).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>A connection from the store's own pool: opened and set up once (pragmas), with its prepared commands kept.</summary>
    private async Task<Lease> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out SqliteConnection? c))
        {
            return new Lease(this, c);
        }
        c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct);
            // per-connection settings: set once for the life of the connection, not on every use
            await ExecAsync(c, null, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0", ct);
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
        return new Lease(this, c);
    }

    private void Return(SqliteConnection c)
    {
        // a connection left inside a transaction by a failure, or one over the pool's size, is closed instead of kept
        if (!_disposed && c.State == System.Data.ConnectionState.Open && _idle.Count < MaxIdleConnections && !InTransaction(c))
        {
            _idle.Add(c);
            if (_disposed && _idle.TryTake(out SqliteConnection? late))
            {
                late.Dispose(); // Dispose ran while this one was coming back
            }
            return;
        }
        c.Dispose();
    }

    private static bool InTransaction(SqliteConnection c) =>
        c.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0;

    private readonly struct Lease(SqliteCoachStore store, SqliteConnection connection) : IAsyncDisposable
    {
        public SqliteConnection Connection => connection;

        public ValueTask DisposeAsync()
        {
            store.Return(connection);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The connection's command for this SQL, prepared on first use and kept with the connection; its parameters
    /// are cleared for the caller to set. Callers do not dispose it: closing the connection does.</summary>
    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, PersonKey? person)
    {
        Dictionary<string, SqliteCommand> commands = PreparedCommands.GetOrCreateValue(c);
        if (!commands.TryGetValue(sql, out SqliteCommand? cmd))
        {
            cmd = c.CreateCommand();
            cmd.CommandText = sql;
            commands[sql] = cmd;
        }
        cmd.Transaction = tx;
        cmd.Parameters.Clear();
        if (person is not null)
        {
            cmd.Parameters.AddWithValue("$p", person.Platform);
            cmd.Parameters.AddWithValue("$w", person.Workspace);
            cmd.Parameters.AddWithValue("$u", person.User);
        }
        return cmd;
    }

    private static async Task ExecAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        SqliteCommand cmd = Command(c, tx, sql, null);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        SqliteCommand cmd = Command(c, tx, sql, null);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
