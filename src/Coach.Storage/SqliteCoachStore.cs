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
public sealed partial class SqliteCoachStore : ICoachStore, IScheduleStore, IMockStore, IStoreStats, ITransportStateStore, IDeliveryStore, IDisposable
{
    /// <summary>How long handled event ids are kept for de-duplication (platforms redeliver within minutes).</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(7);

    private readonly string _connectionString;
    private readonly ILogger<SqliteCoachStore> _logger;
    private long _commits;
    private volatile bool _disposed;

    /// <param name="time">The clock for how long a queued event has waited (see <see cref="EventHold.For"/>); the system's by default.</param>
    public SqliteCoachStore(string connectionString, ILogger<SqliteCoachStore> logger, TimeProvider? time = null)
    {
        _held = new EventHold<Rider>(time ?? TimeProvider.System);
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
        Interlocked.Exchange(ref _idleWriter, null)?.Dispose();
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

    /// <summary>Writes one turn's commit inside the group's transaction, after a savepoint the caller rolls back to unless it
    /// returns <see cref="CommitOutcome.Committed"/> (see <see cref="CommitAsync"/>).</summary>
    private static async Task<CommitOutcome> WriteCommitAsync(SqliteConnection c, SqliteTransaction tx, PendingCommit pending, CancellationToken cancellationToken)
    {
        Commit commit = pending.Commit;
        PersonKey p = commit.Person;
        string now = commit.At.ToString("O", CultureInfo.InvariantCulture);
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
        if (commit.SaveSession && !await SaveSessionAsync(c, tx, commit, pending.SessionJson, now, cancellationToken))
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
        pending.OutboxRows = await InsertRepliesAsync(c, tx, commit, pending.ReplyJson, cancellationToken);
        return CommitOutcome.Committed;
    }

    private static async Task<bool> SaveSessionAsync(SqliteConnection c, SqliteTransaction tx, Commit commit, string? json, string now, CancellationToken ct)
    {
        PersonKey p = commit.Person;
        if (commit.Session is null)
        {
            SqliteCommand del = Command(c, tx, "DELETE FROM sessions WHERE platform=$p AND workspace=$w AND user_id=$u AND version=$v", p);
            del.Parameters.AddWithValue("$v", commit.ExpectedVersion);
            return await del.ExecuteNonQueryAsync(ct) == 1 || commit.ExpectedVersion == 0;
        }
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
            await using Lease lease = await OpenWriterAsync(cancellationToken);
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
}
