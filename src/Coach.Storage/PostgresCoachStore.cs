using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Mock;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Coach.Storage;

/// <summary>The shared store for several workers: one PostgreSQL database; schema migrations run at start under an advisory lock.</summary>
/// <remarks>
/// Same tables and semantics as <see cref="SqliteCoachStore"/>. Each commit is one transaction, sent to the server as one batch:
/// the event key is inserted first (<c>ON CONFLICT DO NOTHING</c>: no row means a duplicate), then the session is written only
/// if its version still matches (no row means another worker moved it: a conflict, and the engine reloads and retries), then
/// the rest of the turn and its replies. The counts decide once the batch has run; a duplicate or a conflict is rolled back
/// whole. Session versions come from one sequence, so a version is never reused, not even after the session is deleted and
/// started again.
/// </remarks>
public sealed partial class PostgresCoachStore : ICoachStore, IScheduleStore, IMockStore, IStoreStats, ITransportStateStore, IDeliveryStore, IDisposable, IAsyncDisposable
{
    /// <summary>Forget deletes in the order commits lock rows (sessions, settings, streaks, stories), so the two cannot deadlock.</summary>
    private static readonly string[] ForgetOrder = ["sessions", "settings", "streaks", "assessments", "stories", "events", "inbox", "outbox"];

    /// <summary>Forget in the schedule and mock tables, as <see cref="SqliteCoachStore.ForgetAsync"/> does; the deliveries of the person's own
    /// schedule id (<c>@sid</c>) go too, so a delivery claimed just as its schedule was deleted cannot keep the person's id.</summary>
    private static readonly string[] ForgetOthers =
    [
        "DELETE FROM deliveries WHERE schedule_id IN (SELECT id FROM schedules WHERE platform=@p AND workspace=@w AND user_id=@u) OR schedule_id = @sid",
        "DELETE FROM schedules WHERE platform=@p AND workspace=@w AND user_id=@u",
        "UPDATE schedules SET owner='' WHERE platform=@p AND workspace=@w AND owner=@u",
        "DELETE FROM mocks WHERE platform=@p AND workspace=@w AND (interviewer=@u OR candidate=@u)",
        "DELETE FROM mock_queue WHERE platform=@p AND workspace=@w AND user_id=@u",
        "DELETE FROM mock_roles WHERE platform=@p AND workspace=@w AND user_id=@u",
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresCoachStore> _logger;
    private long _commits;

    /// <param name="time">The clock events are held on (see <see cref="QueueDeliveriesAsync"/>); the system's by default.</param>
    public PostgresCoachStore(string connectionString, ILogger<PostgresCoachStore> logger, TimeProvider? time = null)
    {
        _held = new EventHold<HeldEvent>(time ?? TimeProvider.System);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = "coach";
        }
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            // the same few statements run for every turn: prepared once a connection, the server stops parsing and planning
            // them each time (at 250 events/s on the load harness, reply p99 13.5 against 18.5 ms; BENCHMARKS.md)
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPrepare;
        }
        if (!Names(given, "No Reset On Close", "NoResetOnClose"))
        {
            // the store leaves nothing on a connection (no SET, LISTEN, temporary table or session lock: the migrations'
            // lock is the transaction's), so the seven statements Npgsql runs to reset one returned to the pool, two or
            // three times a turn, reset nothing: two thirds of the statements the server ran on the load harness
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }
        _dataSource = builder.Build();
        _logger = logger;
    }

    /// <summary>How many statements each connection prepares once used often, unless the connection string says
    /// (<c>Max Auto Prepare=0</c> turns it off, for a pooler that cannot keep prepared statements).</summary>
    internal const int AutoPrepare = 32;

    /// <summary>The settings the store connects with (for tests).</summary>
    internal NpgsqlConnectionStringBuilder Settings => new(_dataSource.ConnectionString);

    /// <summary>Whether the connection string as given names any of <paramref name="keys"/> (Npgsql's builder reads a key
    /// not given as its default, so it cannot tell).</summary>
    private static bool Names(System.Data.Common.DbConnectionStringBuilder given, params ReadOnlySpan<string> keys)
    {
        foreach (string key in keys)
        {
            if (given.ContainsKey(key))
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose() => _dataSource.Dispose();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
        // held until the transaction ends: a second worker starting now waits here, then finds the schema current
        await using (NpgsqlCommand lockCmd = Command(c, tx, "SELECT pg_advisory_xact_lock(@key)", null))
        {
            lockCmd.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await ExecAsync(c, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken);
        long version;
        await using (NpgsqlCommand cmd = Command(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version", null))
        {
            version = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        for (long v = version; v < Migrations.Length; v++)
        {
            foreach (string sql in Migrations[v])
            {
                await ExecAsync(c, tx, sql, cancellationToken);
            }
            await using NpgsqlCommand mark = Command(c, tx, "INSERT INTO schema_version (version) VALUES (@v)", null);
            mark.Parameters.AddWithValue("v", (int)(v + 1));
            await mark.ExecuteNonQueryAsync(cancellationToken);
            _logger.LogInformation("Store schema migrated to version {Version}", v + 1);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<PersonState> LoadAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        // one round trip: the three rows a person can have, each optional
        await using NpgsqlCommand cmd = Command(c, null, """
            SELECT s.version, s.state, t.target, t.first_seen, k.current, k.best, k.last_day
            FROM (SELECT 1) one
            LEFT JOIN sessions s ON s.platform=@p AND s.workspace=@w AND s.user_id=@u
            LEFT JOIN settings t ON t.platform=@p AND t.workspace=@w AND t.user_id=@u
            LEFT JOIN streaks k ON k.platform=@p AND k.workspace=@w AND k.user_id=@u
            """, person);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        SessionState? session = null;
        long version = 0;
        if (!r.IsDBNull(0))
        {
            version = r.GetInt64(0);
            session = StoreJson.Session(r.GetString(1));
        }
        PersonSettings settings = r.IsDBNull(2)
            ? PersonSettings.Default
            : new PersonSettings(Enum.Parse<Level>(r.GetString(2)), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3));
        Streak streak = r.IsDBNull(4)
            ? Streak.None
            : new Streak(r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateOnly>(6));
        return new PersonState(session, version, settings, streak);
    }

    public async Task<CommitOutcome> CommitAsync(Commit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        DateTimeOffset now = commit.At.ToUniversalTime();
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        Riders riders = TakeRiders();
        CommitOutcome outcome;
        try
        {
            await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
            outcome = await WriteTurnAsync(c, tx, commit, riders, now, cancellationToken);
            if (outcome != CommitOutcome.Committed)
            {
                await tx.RollbackAsync(cancellationToken);
            }
            else
            {
                await tx.CommitAsync(cancellationToken);
                CountInboxRows(riders.Added);
                riders.Complete();
                if (commit is { Replies: not null, EventKey: { } key } && _held.Take(key) is { } held)
                {
                    held.Done.TrySetResult([true]); // the turn's own event, handled here: it never needs a row
                }
                return CommitOutcome.Committed;
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            // nothing was written: the engine reloads and tries again, as for a moved version
            _logger.LogInformation("Commit rolled back by the database ({SqlState}); reporting a conflict so it is retried", e.SqlState);
            outcome = CommitOutcome.Conflict;
        }
        catch (Exception ex)
        {
            riders.Fail(ex);
            throw;
        }
        // the turn's transaction was rolled back with the marks and events that rode in it: they go on their own
        try
        {
            await WriteRidersAsync(c, riders, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Deliveries that rode in a turn rolled back could not be written; they are queued again by their senders");
        }
        return outcome;
    }

    /// <summary>Sends the turn's statements, its replies, the marks queued and the events held past their time to the
    /// server as one batch (one round trip), then decides from the counts: no event row means a duplicate, no session row a
    /// conflict; either way the caller rolls it all back. A turn that stands then writes its story (rare: a second round trip).</summary>
    private async Task<CommitOutcome> WriteTurnAsync(NpgsqlConnection c, NpgsqlTransaction tx, Commit commit, Riders riders, DateTimeOffset now, CancellationToken ct)
    {
        PersonKey p = commit.Person;
        await using var batch = new NpgsqlBatch(c, tx);
        // a concurrent insert of the same key waits for the other transaction, then does nothing if it committed
        NpgsqlBatchCommand? eventRow = commit.EventKey is null ? null
            : Add(batch, "INSERT INTO events (event_key, platform, workspace, user_id, handled_at) VALUES (@k, @p, @w, @u, @t) ON CONFLICT DO NOTHING", p,
                ("k", commit.EventKey), ("t", now));
        NpgsqlBatchCommand? sessionRow = commit.SaveSession ? AddSession(batch, commit, now) : null;
        if (commit.Settings is { } settings)
        {
            Add(batch, """
                INSERT INTO settings (platform, workspace, user_id, target, first_seen) VALUES (@p, @w, @u, @target, @first)
                ON CONFLICT (platform, workspace, user_id) DO UPDATE SET target = excluded.target, first_seen = COALESCE(settings.first_seen, excluded.first_seen)
                """, p, ("target", settings.Target.ToString()))
                .Parameters.Add(new NpgsqlParameter("first", NpgsqlDbType.TimestampTz) { Value = (object?)settings.FirstSeen?.ToUniversalTime() ?? DBNull.Value });
        }
        if (commit.Streak is { } streak)
        {
            Add(batch, """
                INSERT INTO streaks (platform, workspace, user_id, current, best, last_day) VALUES (@p, @w, @u, @cur, @best, @day)
                ON CONFLICT (platform, workspace, user_id) DO UPDATE SET current = excluded.current, best = excluded.best, last_day = excluded.last_day
                """, p, ("cur", streak.Current), ("best", streak.Best))
                .Parameters.Add(new NpgsqlParameter("day", NpgsqlDbType.Date) { Value = (object?)streak.LastDay ?? DBNull.Value });
        }
        if (commit.DeleteStoryId is { } delete)
        {
            Add(batch, "DELETE FROM assessments WHERE story_id=@id AND platform=@p AND workspace=@w AND user_id=@u", p, ("id", delete));
            Add(batch, "DELETE FROM stories WHERE id=@id AND platform=@p AND workspace=@w AND user_id=@u", p, ("id", delete));
        }
        if (Interlocked.Increment(ref _commits) % 1000 == 0)
        {
            Add(batch, "DELETE FROM events WHERE handled_at < @cutoff", null, ("cutoff", now - SqliteCoachStore.EventRetention));
        }
        AddReplies(batch, commit, now);
        InboxEntry[] entries = riders.Entries;
        AddDeliveries(batch, riders.Sent, riders.Handled, entries);
        riders.Added = await ExecuteDeliveriesAsync(batch, entries, ct);
        if (eventRow is { RecordsAffected: 0 })
        {
            return CommitOutcome.Duplicate;
        }
        if (sessionRow is not null && sessionRow.RecordsAffected != 1 && !(commit.Session is null && commit.ExpectedVersion == 0))
        {
            return CommitOutcome.Conflict;
        }
        if (commit.NewStory is { } story)
        {
            await InsertStoryAsync(c, tx, story, ct);
        }
        return CommitOutcome.Committed;
    }

    /// <summary>The statement that saves the session if its version still matches: one row when it did. Deleting a session
    /// never started (version 0) is not a conflict.</summary>
    private static NpgsqlBatchCommand AddSession(NpgsqlBatch batch, Commit commit, DateTimeOffset now)
    {
        PersonKey p = commit.Person;
        if (commit.Session is null)
        {
            return Add(batch, "DELETE FROM sessions WHERE platform=@p AND workspace=@w AND user_id=@u AND version=@v", p, ("v", commit.ExpectedVersion));
        }
        string json = StoreJson.Session(commit.Session);
        if (commit.ExpectedVersion == 0)
        {
            return Add(batch, """
                INSERT INTO sessions (platform, workspace, user_id, version, state, updated_at) VALUES (@p, @w, @u, nextval('session_versions'), @s, @t)
                ON CONFLICT DO NOTHING
                """, p, ("s", json), ("t", now));
        }
        // under READ COMMITTED a concurrent update makes this one wait, then re-check the version against the new row: 0 rows
        return Add(batch, """
            UPDATE sessions SET version = nextval('session_versions'), state = @s, updated_at = @t
            WHERE platform=@p AND workspace=@w AND user_id=@u AND version=@v
            """, p, ("s", json), ("t", now), ("v", commit.ExpectedVersion));
    }

    private static async Task InsertStoryAsync(NpgsqlConnection c, NpgsqlTransaction tx, StoryRecord s, CancellationToken ct)
    {
        DateTimeOffset at = s.CreatedAt.ToUniversalTime();
        await using (NpgsqlCommand cmd = Command(c, tx, """
            INSERT INTO stories (id, platform, workspace, user_id, principle, question_id, question, target, situation, task, action, result, source, created_at)
            VALUES (@id, @p, @w, @u, @principle, @qid, @q, @target, @s, @t, @a, @r, @source, @at)
            """, s.Person))
        {
            cmd.Parameters.AddWithValue("id", s.Id);
            cmd.Parameters.Add(new NpgsqlParameter("principle", NpgsqlDbType.Text) { Value = (object?)s.Principle ?? DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("qid", NpgsqlDbType.Text) { Value = (object?)s.QuestionId ?? DBNull.Value });
            cmd.Parameters.AddWithValue("q", s.Question);
            cmd.Parameters.AddWithValue("target", s.Target.ToString());
            cmd.Parameters.AddWithValue("s", s.Answer.Situation);
            cmd.Parameters.AddWithValue("t", s.Answer.Task);
            cmd.Parameters.AddWithValue("a", s.Answer.Action);
            cmd.Parameters.AddWithValue("r", s.Answer.Result);
            cmd.Parameters.AddWithValue("source", s.Source);
            cmd.Parameters.AddWithValue("at", at);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using (NpgsqlCommand cmd = Command(c, tx, """
            INSERT INTO assessments (story_id, platform, workspace, user_id, reads_as, fit, score, bands, created_at)
            VALUES (@id, @p, @w, @u, @reads, @fit, @score, @bands, @at)
            """, s.Person))
        {
            cmd.Parameters.AddWithValue("id", s.Id);
            cmd.Parameters.AddWithValue("reads", s.ReadsAs.ToString());
            cmd.Parameters.AddWithValue("fit", s.Fit.ToString());
            cmd.Parameters.AddWithValue("score", s.Score);
            cmd.Parameters.AddWithValue("bands", StoreJson.Bands(s.Bands));
            cmd.Parameters.AddWithValue("at", at);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<IReadOnlyList<StoryRecord>> ListStoriesAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            SELECT s.id, s.principle, s.question_id, s.question, s.target, s.situation, s.task, s.action, s.result, s.source, s.created_at,
                   a.reads_as, a.fit, a.score, a.bands
            FROM stories s JOIN assessments a ON a.story_id = s.id
            WHERE s.platform=@p AND s.workspace=@w AND s.user_id=@u
            ORDER BY s.created_at, s.id
            """, person);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoryRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new StoryRecord(
                r.GetInt64(0), person, r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                Enum.Parse<Level>(r.GetString(4)), new StarAnswer(r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)),
                Enum.Parse<ReadsAs>(r.GetString(11)), Enum.Parse<Fit>(r.GetString(12)), r.GetDouble(13), StoreJson.Bands(r.GetString(14)),
                r.GetFieldValue<DateTimeOffset>(10), r.GetString(9)));
        }
        return list;
    }

    public async Task ForgetAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
                foreach (string table in ForgetOrder)
                {
                    await using NpgsqlCommand cmd = Command(c, tx, $"DELETE FROM {table} WHERE platform=@p AND workspace=@w AND user_id=@u", person);
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
                foreach (string sql in ForgetOthers)
                {
                    await using NpgsqlCommand cmd = Command(c, tx, sql, person);
                    cmd.Parameters.AddWithValue("sid", DailySchedule.IdFor(person.Platform, person.Workspace, "", person.User));
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
                await tx.CommitAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                _logger.LogInformation("Forget rolled back by the database ({SqlState}); trying again", e.SqlState);
            }
        }
    }

    /// <summary>Open sessions across every worker (the open-sessions gauge).</summary>
    public async Task<long> CountSessionsAsync(CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, "SELECT COUNT(*) FROM sessions", null);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Rows about a person in each table (for operators and tests).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        var counts = new Dictionary<string, long>();
        foreach (string table in PersonTables)
        {
            await using NpgsqlCommand cmd = Command(c, null, $"SELECT COUNT(*) FROM {table} WHERE platform=@p AND workspace=@w AND user_id=@u", person);
            counts[table] = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }
        return counts;
    }

    public async Task SaveTransportStateAsync(string key, string value, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            INSERT INTO transport_state (key, value, saved_at) VALUES (@k, @v, @at)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at
            """, null);
        cmd.Parameters.AddWithValue("k", key);
        cmd.Parameters.AddWithValue("v", value);
        cmd.Parameters.AddWithValue("at", savedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(string Value, DateTimeOffset SavedAt)?> GetTransportStateAsync(string key, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, "SELECT value, saved_at FROM transport_state WHERE key = @k", null);
        cmd.Parameters.AddWithValue("k", key);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, PersonKey? person)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        AddPerson(cmd.Parameters, person);
        return cmd;
    }

    /// <summary>The person's key as <c>@p</c>, <c>@w</c> and <c>@u</c>, when there is one.</summary>
    private static void AddPerson(NpgsqlParameterCollection parameters, PersonKey? person)
    {
        if (person is not null)
        {
            parameters.AddWithValue("p", person.Platform);
            parameters.AddWithValue("w", person.Workspace);
            parameters.AddWithValue("u", person.User);
        }
    }

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql, PersonKey? person, params ReadOnlySpan<(string Name, object Value)> values)
    {
        NpgsqlBatchCommand cmd = Add(batch, sql);
        AddPerson(cmd.Parameters, person);
        foreach ((string name, object value) in values)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return cmd;
    }

    private static async Task ExecAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using NpgsqlCommand cmd = Command(c, tx, sql, null);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
