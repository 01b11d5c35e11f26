using System.Globalization;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coach.Storage;

/// <summary>The inbox and the outbox (<see cref="IDeliveryStore"/>), with the semantics of <see cref="PostgresCoachStore"/>.</summary>
/// <remarks>
/// A batch of events goes into the inbox in one write transaction with the marks collected meanwhile (one prepared insert per
/// event, <c>ON CONFLICT DO NOTHING</c>: no row changed means the key was there already); a batch that finds the single
/// writer busy rides in the transaction of whoever holds it, just before that one commits. A claim is one <c>UPDATE ... RETURNING</c> under the
/// single writer, so two claims never take the same row. Outbox rows are written by <see cref="CommitAsync"/> in the
/// turn's transaction. Times are kept as UTC round-trip strings, so comparing them as text compares the instants.
/// </remarks>
public sealed partial class SqliteCoachStore
{
    /// <summary>Delivery batches waiting for the single writer. Whoever holds it next (a turn's commit, a claim, another
    /// batch) writes them in its own transaction just before it commits, so under load events cost no transaction of
    /// their own and an acknowledgement waits only for the write under way.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<Rider> _riders = new();

    private sealed class Rider(DeliveryBatch batch)
    {
        public DeliveryBatch Batch => batch;

        public bool[] Added { get; } = new bool[batch.Events.Count];

        public TaskCompletionSource<IReadOnlyList<bool>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Events.Count == 0 && batch.Sent.Count == 0 && batch.Handled.Count == 0)
        {
            return [];
        }
        var rider = new Rider(batch);
        _riders.Enqueue(rider);
        // events waiting for their ack go before the turns waiting for the writer; by the time this batch's turn comes, the
        // writer before it has usually taken it along, and the turn is handed straight on
        await _writeLock.WaitAsync(cancellationToken, urgent: batch.Events.Count > 0);
        bool wrote = false;
        try
        {
            while (!rider.Done.Task.IsCompleted) // this batch, after those queued before it (64 to a transaction)
            {
                wrote = true;
                await using Lease lease = await OpenAsync(cancellationToken);
                await using var tx = (SqliteTransaction)await lease.Connection.BeginTransactionAsync(cancellationToken);
                List<Rider> riders = await RideAlongAsync(lease.Connection, tx, cancellationToken);
                if (riders.Count == 0)
                {
                    throw new InvalidOperationException("A delivery batch left the queue without being written.");
                }
                await CommitWithRidersAsync(tx, riders, cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
            if (wrote)
            {
                CheckpointSoon();
            }
        }
        return await rider.Done.Task;
    }

    /// <summary>Writes the delivery batches waiting (in the order they came) into the writer's transaction. The caller holds
    /// the writer and commits with <see cref="CommitWithRidersAsync"/>; a failure before that fails them all.</summary>
    private async Task<List<Rider>> RideAlongAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        var riders = new List<Rider>();
        try
        {
            while (riders.Count < 64 && _riders.TryDequeue(out Rider? rider))
            {
                riders.Add(rider);
                await WriteDeliveriesAsync(c, tx, rider.Batch, rider.Added, ct);
            }
        }
        catch (Exception ex)
        {
            riders.ForEach(r => r.Done.TrySetException(ex));
            throw;
        }
        return riders;
    }

    private static async Task CommitWithRidersAsync(SqliteTransaction tx, List<Rider> riders, CancellationToken ct)
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
        riders.ForEach(r => r.Done.TrySetResult(r.Added));
    }

    private static async Task WriteDeliveriesAsync(SqliteConnection c, SqliteTransaction tx, DeliveryBatch batch, bool[] added, CancellationToken cancellationToken)
    {
        foreach (SentReply sent in batch.Sent)
        {
            SqliteCommand cmd = Command(c, tx, "UPDATE outbox SET sent_at = $t, sent_ref = $ref WHERE event_key = $k AND seq = $seq AND sent_at IS NULL", null);
            cmd.Parameters.AddWithValue("$k", sent.EventKey);
            cmd.Parameters.AddWithValue("$seq", sent.Seq);
            cmd.Parameters.AddWithValue("$ref", (object?)sent.Ref ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$t", Utc(sent.At));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        if (batch.Handled.Count > 0)
        {
            SqliteCommand cmd = Command(c, tx, "UPDATE inbox SET handled_at = $t WHERE event_key IN (SELECT value FROM json_each($k)) AND handled_at IS NULL", null);
            cmd.Parameters.AddWithValue("$k", System.Text.Json.JsonSerializer.Serialize(batch.Handled));
            cmd.Parameters.AddWithValue("$t", Utc(batch.HandledAt));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        for (int i = 0; i < batch.Events.Count; i++)
        {
            InboxEntry e = batch.Events[i];
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO inbox (event_key, platform, workspace, user_id, payload, received_at, claimed_at) VALUES ($k, $p, $w, $u, $payload, $t, $t)
                ON CONFLICT DO NOTHING
                """, e.Person);
            cmd.Parameters.AddWithValue("$k", e.Key);
            cmd.Parameters.AddWithValue("$payload", e.Payload);
            cmd.Parameters.AddWithValue("$t", Utc(e.ReceivedAt));
            added[i] = await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
    }

    public async Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<InboxEntry>();
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                UPDATE inbox SET claimed_at = $now WHERE event_key IN (
                    SELECT event_key FROM inbox WHERE platform = $pl AND handled_at IS NULL AND claimed_at < $stale
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
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                UPDATE outbox SET claimed_at = $now WHERE (event_key, seq) IN (
                    SELECT event_key, seq FROM outbox WHERE platform = $pl AND sent_at IS NULL AND claimed_at < $stale
                    ORDER BY created_at, event_key, seq LIMIT $max)
                RETURNING event_key, seq, platform, workspace, user_id, message, created_at
                """, null);
            BindClaim(cmd, platform, staleBefore, now, max);
            await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new OutboxEntry(r.GetString(0), r.GetInt32(1), new PersonKey(r.GetString(2), r.GetString(3), r.GetString(4)),
                    StoreJson.Reply(r.GetString(5)), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture)));
            }
            return true;
        }, cancellationToken);
        return [.. list.OrderBy(e => e.CreatedAt).ThenBy(e => e.EventKey, StringComparer.Ordinal).ThenBy(e => e.Seq)];
    }

    public async Task<long> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        long deleted = 0;
        await WriteAsync(async (c, tx) =>
        {
            foreach (string sql in (string[])["DELETE FROM inbox WHERE received_at < $t AND handled_at IS NOT NULL",
                                               "DELETE FROM outbox WHERE created_at < $t AND sent_at IS NOT NULL"])
            {
                SqliteCommand cmd = Command(c, tx, sql, null);
                cmd.Parameters.AddWithValue("$t", Utc(before));
                deleted += await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            return true;
        }, cancellationToken);
        return deleted;
    }

    private static void BindClaim(SqliteCommand cmd, string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max)
    {
        cmd.Parameters.AddWithValue("$pl", platform);
        cmd.Parameters.AddWithValue("$stale", Utc(staleBefore));
        cmd.Parameters.AddWithValue("$now", Utc(now));
        cmd.Parameters.AddWithValue("$max", max);
    }

    /// <summary>The turn's replies into the outbox, numbered from 0, and its inbox event marked handled, inside the commit's transaction.</summary>
    private static async Task InsertRepliesAsync(SqliteConnection c, SqliteTransaction tx, Commit commit, CancellationToken ct)
    {
        if (commit.Replies is not { } replies || commit.EventKey is null)
        {
            return;
        }
        string now = Utc(commit.At);
        // the turn is committed: its inbox event is handled, whatever becomes of the replies
        SqliteCommand handled = Command(c, tx, "UPDATE inbox SET handled_at = $t WHERE event_key = $k AND handled_at IS NULL", null);
        handled.Parameters.AddWithValue("$k", commit.EventKey);
        handled.Parameters.AddWithValue("$t", now);
        await handled.ExecuteNonQueryAsync(ct);
        for (int seq = 0; seq < replies.Count; seq++)
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO outbox (event_key, seq, platform, workspace, user_id, message, created_at, claimed_at) VALUES ($k, $seq, $p, $w, $u, $m, $t, $t)
                """, commit.Person);
            cmd.Parameters.AddWithValue("$k", commit.EventKey);
            cmd.Parameters.AddWithValue("$seq", seq);
            cmd.Parameters.AddWithValue("$m", StoreJson.Reply(replies[seq]));
            cmd.Parameters.AddWithValue("$t", now);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A time as a fixed-width UTC string: ordered as text the way the instants are.</summary>
    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
