using Coach.Core.Conversation;
using Coach.Core.Storage;
using Npgsql;

namespace Coach.Storage;

/// <summary>The inbox and the outbox (<see cref="IDeliveryStore"/>), with the semantics of <see cref="SqliteCoachStore"/>.</summary>
/// <remarks>
/// Both tables hold only work not done: an event leaves the inbox when it is handled, a reply leaves the outbox when it
/// is sent, so they need no index beside their keys and nothing has to prune them. An event queued alone is held for its
/// own turn's commit, and queued marks ride in the next write (see PostgresCoachStore.Hold.cs);
/// <see cref="RecordDeliveriesAsync"/> writes at once. A batch of events goes into the inbox in one statement, in one transaction with the marks
/// collected meanwhile (<c>unnest</c>, <c>ON CONFLICT DO NOTHING RETURNING</c>: the keys returned are the new ones). A
/// claim is one <c>UPDATE ... WHERE key IN (SELECT ... FOR UPDATE SKIP LOCKED)</c>, so two workers sweeping at once take
/// different rows. Outbox rows are written by <see cref="CommitAsync"/> in the turn's transaction, in the same batch as
/// the turn's own statements (one round trip to the server), with the marks waiting and the events held past their time; when
/// the turn is rolled back (a duplicate, a conflict), those marks and events are written again in a transaction of their own.
/// </remarks>
public sealed partial class PostgresCoachStore
{
    private long _inboxRowsWritten;

    /// <summary>Events written to the inbox, as rows of their own, in transactions that committed (for tests).</summary>
    internal long InboxRowsWritten => Interlocked.Read(ref _inboxRowsWritten);

    private void CountInboxRows(bool[] added) => Interlocked.Add(ref _inboxRowsWritten, added.Count(a => a));

    public async Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        List<string> handled = HandledNotHeld(batch.Handled);
        if (batch.Events.Count == 0 && batch.Sent.Count == 0 && handled.Count == 0)
        {
            return [];
        }
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await WriteDeliveriesAsync(c, batch.Sent, handled, batch.Events, cancellationToken);
    }

    /// <summary>Writes the marks and the events in a transaction of their own on <paramref name="c"/>, in one batch; what
    /// <see cref="ExecuteDeliveriesAsync"/> says of each event, once committed.</summary>
    private async Task<bool[]> WriteDeliveriesAsync(NpgsqlConnection c, IReadOnlyList<SentReply> sent, IReadOnlyList<string> handled,
        IReadOnlyList<InboxEntry> entries, CancellationToken ct)
    {
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct);
        bool[] added;
        await using (var batch = new NpgsqlBatch(c, tx))
        {
            AddDeliveries(batch, sent, handled, entries);
            added = await ExecuteDeliveriesAsync(batch, entries, ct);
        }
        await tx.CommitAsync(ct);
        CountInboxRows(added);
        return added;
    }

    /// <summary>Up to this many marks of a kind go as one statement each; more go as one statement over arrays.</summary>
    /// <remarks>The server plans a statement over arrays again on every call: its generic plan assumes arrays of many
    /// elements, so the plan for the values at hand always looks cheaper. On the load harness that was 0.18 ms of planning
    /// for each delete of one or two rows, three times the delete itself. A statement per mark deletes by the primary key
    /// and is prepared once per connection. Past a few marks (after an outage, or a burst) one statement does it cheaper.</remarks>
    private const int MarksOneByOne = 8;

    /// <summary>One event handled: its row leaves the inbox (one text, so one prepared statement, for a mark and a commit).</summary>
    private const string HandledOne = "DELETE FROM inbox WHERE event_key = @k";

    /// <summary>The rest of the transaction finds rows by their keys, whatever the table's statistics say.</summary>
    /// <remarks>
    /// The inbox and the outbox are queues: nearly empty, and every row taken out again within moments. A vacuum that
    /// finds one empty records it as empty, and a delete by key planned then (the server caches a prepared statement's
    /// plan after its fifth use on a connection) reads the whole table, the cheaper plan for a page or two. The cached
    /// plan stays after the table has grown: the rows taken out stay in it as dead rows until the next vacuum, a minute
    /// or more at a steady load, and each mark then read every one of them (on the load harness, in 8 of 19 runs at
    /// 250 events/s, up to 1,200 pages, about 2 ms, a mark: the inbox side's "slow mode" in BENCHMARKS.md). With
    /// sequential scans turned off for the deliveries' statements, which come at the end of their transactions (only
    /// inserts after them), every plan made for them takes the key's index. The setting ends with the transaction.
    /// </remarks>
    internal const string ByKeyOnly = "SET LOCAL enable_seqscan = off";

    /// <summary>Adds <see cref="ByKeyOnly"/> to <paramref name="batch"/> unless it is there already.</summary>
    private static void AddByKeyOnly(NpgsqlBatch batch)
    {
        foreach (NpgsqlBatchCommand cmd in batch.BatchCommands)
        {
            if (ReferenceEquals(cmd.CommandText, ByKeyOnly))
            {
                return;
            }
        }
        Add(batch, ByKeyOnly);
    }

    /// <summary>Adds to <paramref name="batch"/> the statements that mark the replies sent and the events handled (they leave
    /// the outbox and the inbox), then the one that writes the events to the inbox: the batch's only statement that returns
    /// rows, the keys that were new (see <see cref="ExecuteDeliveriesAsync"/>).</summary>
    private static void AddDeliveries(NpgsqlBatch batch, IReadOnlyList<SentReply> sent, IReadOnlyList<string> handled, IReadOnlyList<InboxEntry> entries)
    {
        if (sent.Count > 0 || handled.Count > 0)
        {
            AddByKeyOnly(batch);
        }
        if (sent.Count > MarksOneByOne)
        {
            NpgsqlBatchCommand cmd = Add(batch, """
                DELETE FROM outbox o USING unnest(@k, @seq) AS s(k, seq) WHERE o.event_key = s.k AND o.seq = s.seq
                """);
            cmd.Parameters.AddWithValue("k", sent.Select(s => s.EventKey).ToArray());
            cmd.Parameters.AddWithValue("seq", sent.Select(s => s.Seq).ToArray());
        }
        else
        {
            foreach (SentReply s in sent)
            {
                NpgsqlBatchCommand cmd = Add(batch, "DELETE FROM outbox WHERE event_key = @k AND seq = @seq");
                cmd.Parameters.AddWithValue("k", s.EventKey);
                cmd.Parameters.AddWithValue("seq", s.Seq);
            }
        }
        if (handled.Count > MarksOneByOne)
        {
            Add(batch, "DELETE FROM inbox WHERE event_key = ANY(@k)").Parameters.AddWithValue("k", handled.ToArray());
        }
        else
        {
            foreach (string key in handled)
            {
                Add(batch, HandledOne).Parameters.AddWithValue("k", key);
            }
        }
        if (entries.Count > 0)
        {
            NpgsqlBatchCommand cmd = Add(batch, """
                INSERT INTO inbox (event_key, platform, workspace, user_id, payload, received_at, claimed_at)
                SELECT k, p, w, u, payload, t, t FROM unnest(@k, @p, @w, @u, @payload, @t) AS e(k, p, w, u, payload, t)
                ON CONFLICT DO NOTHING RETURNING event_key
                """);
            cmd.Parameters.AddWithValue("k", entries.Select(e => e.Key).ToArray());
            cmd.Parameters.AddWithValue("p", entries.Select(e => e.Person.Platform).ToArray());
            cmd.Parameters.AddWithValue("w", entries.Select(e => e.Person.Workspace).ToArray());
            cmd.Parameters.AddWithValue("u", entries.Select(e => e.Person.User).ToArray());
            cmd.Parameters.AddWithValue("payload", entries.Select(e => e.Payload).ToArray());
            cmd.Parameters.AddWithValue("t", entries.Select(e => e.ReceivedAt.ToUniversalTime()).ToArray());
        }
    }

    /// <summary>Sends <paramref name="batch"/> (one round trip) and reads the inbox keys its insert returned: true for each
    /// of <paramref name="entries"/> that is new, false for one whose key was there already (a key twice is new once: the
    /// first time). Every other statement of the batch returns no rows; their counts are in their
    /// <see cref="NpgsqlBatchCommand.RecordsAffected"/> once this returns.</summary>
    private async Task<bool[]> ExecuteDeliveriesAsync(NpgsqlBatch batch, IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count == 0)
        {
            return [];
        }
        var added = new HashSet<string>(StringComparer.Ordinal);
        await using (NpgsqlDataReader r = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (entries.Count > 0 && await r.ReadAsync(cancellationToken))
            {
                added.Add(r.GetString(0));
            }
        }
        return [.. entries.Select(e => added.Remove(e.Key))];
    }

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(cmd);
        return cmd;
    }

    public async Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            UPDATE inbox SET claimed_at = @now WHERE event_key IN (
                SELECT event_key FROM inbox WHERE platform = @pl AND claimed_at < @stale
                ORDER BY received_at, event_key LIMIT @max FOR UPDATE SKIP LOCKED)
            RETURNING event_key, platform, workspace, user_id, payload, received_at
            """, null);
        BindClaim(cmd, platform, staleBefore, now, max);
        var list = new List<InboxEntry>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new InboxEntry(r.GetString(0), new PersonKey(r.GetString(1), r.GetString(2), r.GetString(3)), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)));
        }
        return [.. list.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            UPDATE outbox SET claimed_at = @now WHERE (event_key, seq) IN (
                SELECT event_key, seq FROM outbox WHERE platform = @pl AND claimed_at < @stale
                ORDER BY created_at, event_key, seq LIMIT @max FOR UPDATE SKIP LOCKED)
            RETURNING event_key, seq, platform, workspace, user_id, message, created_at
            """, null);
        BindClaim(cmd, platform, staleBefore, now, max);
        var list = new List<OutboxEntry>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new OutboxEntry(r.GetString(0), r.GetInt32(1), new PersonKey(r.GetString(2), r.GetString(3), r.GetString(4)),
                StoreJson.Reply(r.GetString(5)), r.GetFieldValue<DateTimeOffset>(6)));
        }
        return [.. list.OrderBy(e => e.CreatedAt).ThenBy(e => e.EventKey, StringComparer.Ordinal).ThenBy(e => e.Seq)];
    }

    private static void BindClaim(NpgsqlCommand cmd, string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max)
    {
        cmd.Parameters.AddWithValue("pl", platform);
        cmd.Parameters.AddWithValue("stale", staleBefore.ToUniversalTime());
        cmd.Parameters.AddWithValue("now", now.ToUniversalTime());
        cmd.Parameters.AddWithValue("max", max);
    }

    /// <summary>The turn's replies into the outbox, numbered from 0, and its inbox event marked handled, in the commit's
    /// transaction. An event held for this turn has no row to take out. They are sent before the commit knows whether its
    /// event is a duplicate, so a repeat's replies, which would meet the first turn's rows, do nothing; that turn is rolled
    /// back anyway.</summary>
    private void AddReplies(NpgsqlBatch batch, Commit commit, DateTimeOffset now)
    {
        if (commit.Replies is not { } replies || commit.EventKey is null)
        {
            return;
        }
        if (!_held.Contains(commit.EventKey))
        {
            // the turn is committed: its inbox event is handled, whatever becomes of the replies
            AddByKeyOnly(batch);
            Add(batch, HandledOne).Parameters.AddWithValue("k", commit.EventKey);
        }
        if (replies.Count == 0)
        {
            return;
        }
        Add(batch, """
            INSERT INTO outbox (event_key, seq, platform, workspace, user_id, message, created_at, claimed_at)
            SELECT @k, r.seq, @p, @w, @u, r.message, @t, @t FROM unnest(@seq, @message) AS r(seq, message)
            ON CONFLICT DO NOTHING
            """, commit.Person, ("k", commit.EventKey), ("t", now), ("seq", Enumerable.Range(0, replies.Count).ToArray()),
            ("message", replies.Select(StoreJson.Reply).ToArray()));
    }
}
