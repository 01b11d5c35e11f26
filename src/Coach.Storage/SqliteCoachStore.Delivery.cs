using System.Globalization;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coach.Storage;

/// <summary>The inbox and the outbox (<see cref="IDeliveryStore"/>), with the semantics of <see cref="PostgresCoachStore"/>.</summary>
/// <remarks>
/// Both tables hold only work not done: an event leaves the inbox when it is handled, a reply leaves the outbox when it
/// is sent, so they stay small and nothing has to prune them. Every page a commit changes is a page more in the log, so
/// both are ordered by a number SQLite gives each row: an event or a reply goes in at the end, and, handled or sent a
/// moment later, comes out of the same few pages. The inbox keeps its event keys unique with an index of keys alone (a
/// repeat is known); the outbox has no index: the store remembers the numbers of the rows it wrote or claimed, and a
/// mark for a row it does not know finds it by its key, reading the outbox through.
/// Delivery batches do not take the single writer for themselves when they can help it: <see cref="QueueDeliveriesAsync"/>
/// queues a batch for whichever write comes next (a turn's commit, a claim), which writes it just before it commits. An
/// event queued alone (the marks queued with it go on without it) is held for its own turn's commit, which handles it
/// without writing it to the inbox at all (or for its handled mark, which does the same), for up to
/// <see cref="EventHold.For"/>; only then does it ride in whichever write comes next. So an event gets an inbox row only when its turn waits that long, behind a backlog.
/// Times are kept as UTC round-trip strings, so comparing them as text compares the instants.
/// </remarks>
public sealed partial class SqliteCoachStore
{
    /// <summary>Delivery batches waiting for the single writer, in the order they came (all but the events held).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<Rider> _riders = new();

    /// <summary>Events held for their own turns' commits (see <see cref="EventHold.For"/>); set by the constructor, on its clock.</summary>
    private readonly EventHold<Rider> _held;

    /// <summary>Queued batches written and committed whose tasks complete once the writer is released (see <see cref="Rider.Inline"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<Rider> _written = new();

    /// <param name="inline">Its task is completed once the writer is released, by the thread that wrote it, or, after a
    /// turn's commit, by one pool thread for the whole group (<see cref="CompleteWritten"/>); otherwise its continuations
    /// run on the pool.</param>
    private sealed class Rider(DeliveryBatch batch, bool inline, long seq)
    {
        public DeliveryBatch Batch => batch;

        /// <summary>The order it was queued in (see <see cref="WriteQueuedAsync(CancellationToken)"/>).</summary>
        public long Seq => seq;

        public bool Inline => inline;

        public bool[] Added { get; } = new bool[batch.Events.Count];

        public TaskCompletionSource<IReadOnlyList<bool>> Done { get; } = new(inline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
    {
        Task<IReadOnlyList<bool>> done = Queue(batch, inline: false);
        if (!done.IsCompleted)
        {
            // events waiting for their ack go before the turns waiting for the writer
            await WriteQueuedAsync(urgent: batch.Events.Count > 0, until: done, cancellationToken);
        }
        return await done;
    }

    public Task<IReadOnlyList<bool>> QueueDeliveriesAsync(DeliveryBatch batch) => Queue(batch, inline: true);

    private Task<IReadOnlyList<bool>> Queue(DeliveryBatch batch, bool inline)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Events.Count == 0 && batch.Sent.Count == 0 && batch.Handled.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<bool>>([]);
        }
        if (inline && batch.Events.Count == 1 && (batch.Sent.Count > 0 || batch.Handled.Count > 0))
        {
            // the marks ride in the next write; the event, alone, may be held for its own turn's commit
            return DeliveryTasks.BothAsync(Queue(new DeliveryBatch([], batch.Sent, batch.Handled), inline: true), Queue(new DeliveryBatch(batch.Events, [], []), inline: true));
        }
        var rider = new Rider(batch, inline, Interlocked.Increment(ref _queuedSeq));
        if (inline && batch is { Events.Count: 1, Sent.Count: 0, Handled.Count: 0 })
        {
            // held for its turn; a copy of one held already is a repeat once the first is safe
            return _held.TryHold(batch.Events[0].Key, rider, out Rider? first) ? rider.Done.Task : DeliveryTasks.RepeatOfHeldAsync(first!.Done.Task);
        }
        _riders.Enqueue(rider);
        return rider.Done.Task;
    }

    /// <summary>Takes the held event of <paramref name="key"/>, if any, as handled in the transaction being written (its
    /// turn's commit, or its handled mark): it never needs a row. True when there was one.</summary>
    private bool TakeHeldAsHandled(string key, List<Rider> riders)
    {
        if (_held.Take(key) is not { } rider)
        {
            return false;
        }
        rider.Added[0] = true;
        riders.Add(rider);
        return true;
    }

    /// <summary>Events held now (for tests and for <see cref="WriteQueuedAsync(CancellationToken)"/>).</summary>
    internal int HeldEvents => _held.Count;

    private long _inboxRowsWritten;

    /// <summary>Events written to the inbox, as rows of their own (for tests).</summary>
    internal long InboxRowsWritten => Interlocked.Read(ref _inboxRowsWritten);

    /// <summary>The last batch queued, and the last queued at the previous <see cref="WriteQueuedAsync(CancellationToken)"/>.</summary>
    private long _queuedSeq, _flushMark;

    /// <remarks>Held events are written once they have been held <see cref="EventHold.For"/>; other batches once they have
    /// waited since the previous call.</remarks>
    public async Task<bool> WriteQueuedAsync(CancellationToken cancellationToken = default)
    {
        if (_riders.IsEmpty && HeldEvents == 0)
        {
            return false;
        }
        long previous = Interlocked.Exchange(ref _flushMark, Volatile.Read(ref _queuedSeq));
        // the oldest by the order they came
        long oldest = long.MaxValue;
        foreach (Rider r in _riders)
        {
            oldest = Math.Min(oldest, r.Seq);
        }
        if (oldest > previous && !_held.AnyPastHold())
        {
            return true; // all queued since the last call: with writes coming, the next takes it along (no transaction of its own)
        }
        await WriteQueuedAsync(urgent: false, until: null, cancellationToken);
        return !_riders.IsEmpty || HeldEvents > 0;
    }

    /// <summary>Writes the batches queued, in transactions of their own (each write takes up to 64 along), until
    /// <paramref name="until"/> is done, or until nothing queued is left but events still held. By the time the writer is
    /// free, a write before usually took them along.</summary>
    private async Task WriteQueuedAsync(bool urgent, Task? until, CancellationToken cancellationToken)
    {
        while (until is null ? !_riders.IsEmpty || _held.AnyPastHold() : !until.IsCompleted)
        {
            await WriteAsync((_, _) => Task.FromResult(true), cancellationToken, urgent);
        }
    }

    /// <summary>Writes the delivery batches waiting (in the order they came) into the writer's transaction, and the events
    /// held past <see cref="EventHold.For"/>. The caller holds the writer and commits with <see cref="CommitWithRidersAsync"/>; a
    /// failure before that fails them all.</summary>
    /// <param name="handled">The events this transaction handles (their turns are committed, whatever becomes of the
    /// replies): not written to the inbox if they are held or ride here, else taken out of it.</param>
    private async Task<List<Rider>> RideAlongAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlySet<string>? handled, int max, CancellationToken ct)
    {
        var riders = new List<Rider>();
        HashSet<string>? rode = handled is { Count: > 0 } ? new(StringComparer.Ordinal) : null;
        try
        {
            if (handled is not null)
            {
                foreach (string key in handled)
                {
                    if (TakeHeldAsHandled(key, riders))
                    {
                        rode!.Add(key);
                    }
                }
            }
            if (_held.TakePastHold(max) is { } waited)
            {
                foreach (Rider rider in waited)
                {
                    riders.Add(rider);
                    await WriteDeliveriesAsync(c, tx, rider.Batch, rider.Added, handled, rode, riders, ct);
                }
            }
            for (int queued = 0; queued < max && _riders.TryDequeue(out Rider? rider); queued++)
            {
                riders.Add(rider);
                await WriteDeliveriesAsync(c, tx, rider.Batch, rider.Added, handled, rode, riders, ct);
            }
            if (rode is not null)
            {
                foreach (string key in handled!)
                {
                    if (!rode.Contains(key))
                    {
                        await DeleteFromInboxAsync(c, tx, key, ct);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            riders.ForEach(r => r.Done.TrySetException(ex));
            throw;
        }
        return riders;
    }

    private async Task CommitWithRidersAsync(SqliteTransaction tx, List<Rider> riders, CancellationToken ct)
    {
        try
        {
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            riders.ForEach(r => r.Done.TrySetException(ex));
            throw;
        }
        foreach (Rider r in riders)
        {
            if (r.Inline)
            {
                _written.Enqueue(r);
            }
            else
            {
                r.Done.TrySetResult(r.Added);
            }
        }
    }

    /// <summary>Completes the inline batches committed, after the writer was released: their continuations (an
    /// acknowledgement) never run while holding it.</summary>
    /// <param name="handOver">The caller is a turn whose own reply comes next: the continuations run on one pool thread
    /// instead, so that reply does not wait behind the acknowledgements (at 250 events/s, sending them first put about
    /// 0.2 ms into the median reply).</param>
    private void CompleteWritten(bool handOver = false)
    {
        if (handOver && !_written.IsEmpty)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.CompleteWritten(), this, preferLocal: false);
            return;
        }
        while (_written.TryDequeue(out Rider? r))
        {
            r.Done.TrySetResult(r.Added);
        }
    }

    /// <summary>Events handled in their turn's commit, which rode in it (never written to the inbox) or took it out of the
    /// inbox: the handled mark that follows has nothing to take out. (An event stored again meanwhile, sent again by the
    /// platform, is handled again and marked again, and that mark takes it out.) Bounded: past
    /// <see cref="MaxOutOfInbox"/> it is emptied, and the marks of the events forgotten cost a delete that finds nothing.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _outOfInbox = new(StringComparer.Ordinal);

    private const int MaxOutOfInbox = 10_000;

    private void HandledInItsCommit(string eventKey) => Remember(_outOfInbox, eventKey, (byte)0, MaxOutOfInbox);

    /// <summary>Adds to one of the store's in-memory shortcuts, emptying it first once it holds <paramref name="max"/>:
    /// what it forgets only costs the longer way round.</summary>
    private static void Remember<TKey, TValue>(System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue> map, TKey key, TValue value, int max)
        where TKey : notnull
    {
        if (map.Count >= max)
        {
            map.Clear();
        }
        map[key] = value;
    }

    /// <summary>Writes one batch; the events in <paramref name="handled"/> it carries are not written, but added to
    /// <paramref name="rode"/>. A handled mark for an event still held takes it into <paramref name="riders"/>.</summary>
    private async Task WriteDeliveriesAsync(SqliteConnection c, SqliteTransaction tx, DeliveryBatch batch, bool[] added, IReadOnlySet<string>? handled, HashSet<string>? rode,
        List<Rider> riders, CancellationToken cancellationToken)
    {
        foreach (SentReply sent in batch.Sent)
        {
            SqliteCommand cmd;
            if (_outboxRows.TryRemove((sent.EventKey, sent.Seq), out long id))
            {
                // the key checked too: a number SQLite handed out again (after the row left) names another row
                cmd = Command(c, tx, "DELETE FROM outbox WHERE id = $id AND event_key = $k AND seq = $seq", null);
                cmd.Parameters.AddWithValue("$id", id);
            }
            else
            {
                // a row this store neither wrote nor claimed (or forgot): found by reading the outbox through
                cmd = Command(c, tx, "DELETE FROM outbox WHERE event_key = $k AND seq = $seq", null);
            }
            cmd.Parameters.AddWithValue("$k", sent.EventKey);
            cmd.Parameters.AddWithValue("$seq", sent.Seq);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (string key in batch.Handled)
        {
            if (_outOfInbox.TryRemove(key, out _))
            {
                continue;
            }
            if (TakeHeldAsHandled(key, riders))
            {
                continue;
            }
            await DeleteFromInboxAsync(c, tx, key, cancellationToken);
        }
        for (int i = 0; i < batch.Events.Count; i++)
        {
            InboxEntry e = batch.Events[i];
            if (handled is not null && handled.Contains(e.Key))
            {
                added[i] = true; // handled in this very transaction: it never needs to wait in the inbox
                rode!.Add(e.Key);
                continue;
            }
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO inbox (event_key, platform, workspace, user_id, payload, received_at, claimed_at) VALUES ($k, $p, $w, $u, $payload, $t, $t)
                ON CONFLICT DO NOTHING
                """, e.Person);
            cmd.Parameters.AddWithValue("$k", e.Key);
            cmd.Parameters.AddWithValue("$payload", e.Payload);
            cmd.Parameters.AddWithValue("$t", Utc(e.ReceivedAt));
            added[i] = await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
            if (added[i])
            {
                Interlocked.Increment(ref _inboxRowsWritten);
            }
        }
    }

    private static async Task DeleteFromInboxAsync(SqliteConnection c, SqliteTransaction tx, string key, CancellationToken ct)
    {
        SqliteCommand cmd = Command(c, tx, "DELETE FROM inbox WHERE event_key = $k", null);
        cmd.Parameters.AddWithValue("$k", key);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<InboxEntry>();
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                UPDATE inbox SET claimed_at = $now WHERE event_key IN (
                    SELECT event_key FROM inbox WHERE platform = $pl AND claimed_at < $stale
                    ORDER BY received_at, event_key LIMIT $max)
                RETURNING event_key, platform, workspace, user_id, payload, received_at
                """, null);
            BindClaim(cmd, platform, staleBefore, now, max);
            await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new InboxEntry(r.GetString(0), new PersonKey(r.GetString(1), r.GetString(2), r.GetString(3)), r.GetString(4),
                    DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture)));
            }
            return true;
        }, cancellationToken);
        return [.. list.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<OutboxEntry>();
        var ids = new List<(string, int, long)>();
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                UPDATE outbox SET claimed_at = $now WHERE id IN (
                    SELECT id FROM outbox WHERE platform = $pl AND claimed_at < $stale
                    ORDER BY created_at, event_key, seq LIMIT $max)
                RETURNING event_key, seq, platform, workspace, user_id, message, created_at, id
                """, null);
            BindClaim(cmd, platform, staleBefore, now, max);
            await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new OutboxEntry(r.GetString(0), r.GetInt32(1), new PersonKey(r.GetString(2), r.GetString(3), r.GetString(4)),
                    StoreJson.Reply(r.GetString(5)), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture)));
                ids.Add((r.GetString(0), r.GetInt32(1), r.GetInt64(7)));
            }
            return true;
        }, cancellationToken);
        RememberOutboxRows(ids);
        return [.. list.OrderBy(e => e.CreatedAt).ThenBy(e => e.EventKey, StringComparer.Ordinal).ThenBy(e => e.Seq)];
    }

    /// <summary>The outbox rows this store wrote or claimed and has not seen sent, by event key and number, to the number
    /// SQLite gave the row: a sent mark takes the row out by it, where the outbox is ordered (see schema version 7).
    /// Bounded: past <see cref="MaxOutboxRows"/> it is emptied, and the marks of the rows forgotten read the outbox through.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string EventKey, int Seq), long> _outboxRows = new();

    private const int MaxOutboxRows = 100_000;

    private void RememberOutboxRows(IEnumerable<(string EventKey, int Seq, long Id)> rows)
    {
        foreach (var (key, seq, id) in rows)
        {
            Remember(_outboxRows, (key, seq), id, MaxOutboxRows);
        }
    }

    private static void BindClaim(SqliteCommand cmd, string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max)
    {
        cmd.Parameters.AddWithValue("$pl", platform);
        cmd.Parameters.AddWithValue("$stale", Utc(staleBefore));
        cmd.Parameters.AddWithValue("$now", Utc(now));
        cmd.Parameters.AddWithValue("$max", max);
    }

    /// <summary>The turn's replies (their JSON) into the outbox, numbered from 0, inside the commit's transaction (its inbox
    /// event is marked handled by <see cref="RideAlongAsync"/>). Returns the rows' numbers, to remember once committed.</summary>
    /// <remarks>The JSON comes as the serialiser's UTF-8 and is bound as bytes; SQLite's <c>CAST</c> stores it as text (the
    /// database's encoding is UTF-8), so the column reads as before. A string would have been written from UTF-8 to UTF-16
    /// and back for nothing, with both copies to collect.</remarks>
    private static async Task<(string, int, long)[]> InsertRepliesAsync(SqliteConnection c, SqliteTransaction tx, Commit commit, byte[][]? replies, CancellationToken ct)
    {
        if (replies is null || commit.EventKey is null)
        {
            return [];
        }
        var ids = new (string, int, long)[replies.Length];
        string now = Utc(commit.At);
        for (int seq = 0; seq < replies.Length; seq++)
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO outbox (event_key, seq, platform, workspace, user_id, message, created_at, claimed_at) VALUES ($k, $seq, $p, $w, $u, CAST($m AS TEXT), $t, $t)
                """, commit.Person);
            cmd.Parameters.AddWithValue("$k", commit.EventKey);
            cmd.Parameters.AddWithValue("$seq", seq);
            cmd.Parameters.AddWithValue("$m", replies[seq]);
            cmd.Parameters.AddWithValue("$t", now);
            await cmd.ExecuteNonQueryAsync(ct);
            // the row's number from the connection rather than from RETURNING: a statement that returns a row goes
            // through a reader, which took a third of the insert's time (the writer is held meanwhile)
            ids[seq] = (commit.EventKey, seq, SQLitePCL.raw.sqlite3_last_insert_rowid(c.Handle!));
        }
        return ids;
    }

    /// <summary>A time as a fixed-width UTC string: ordered as text the way the instants are.</summary>
    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
