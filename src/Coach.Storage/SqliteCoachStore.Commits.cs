using System.Collections.Concurrent;
using System.Globalization;
using Coach.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coach.Storage;

/// <summary>SQLite only: turns' commits, written in groups by the single writer.</summary>
/// <remarks>
/// SQLite has one writer at a time, and most of what a write costs is its transaction: the commit writes every page the
/// transaction changed to the log, whole, and the writer is handed from one waiting turn to the next through the thread
/// pool. So the commits that wait for the writer are written together: the caller that finds no group being written
/// writes every commit waiting (up to <see cref="MaxGroup"/>) in one transaction, each behind a savepoint of its own. A
/// commit that turns out a duplicate or a conflict, or fails, is rolled back to its savepoint alone; each caller gets its
/// own outcome, as if it had written alone. With no other turn waiting, a group is one commit, written as before.
/// </remarks>
public sealed partial class SqliteCoachStore
{
    private const int MaxGroup = 64;

    private readonly ConcurrentQueue<PendingCommit> _pendingCommits = new();

    /// <summary>1 while a caller writes the waiting commits.</summary>
    private int _grouping;

    private long _commitGroups;

    /// <summary>Commits waiting to be written (for tests).</summary>
    internal int WaitingCommits => _pendingCommits.Count;

    /// <summary>True while a caller is writing the waiting commits (for tests).</summary>
    internal bool WritingCommits => Volatile.Read(ref _grouping) == 1;

    /// <summary>Transactions that wrote turns' commits (for tests).</summary>
    internal long CommitGroups => Interlocked.Read(ref _commitGroups);

    private sealed class PendingCommit(Commit commit)
    {
        private int _state; // 0 waiting, 1 taken into a group, 2 given up by its caller

        public Commit Commit => commit;

        /// <summary>The JSON, written before the commit waits for the writer: the time the writer is held is the limit.</summary>
        public string? SessionJson { get; } = commit.Session is null ? null : StoreJson.Session(commit.Session);

        public byte[][]? ReplyJson { get; } = commit.Replies is { } replies && commit.EventKey is not null ? [.. replies.Select(StoreJson.ReplyUtf8)] : null;

        /// <summary>The outbox rows written for it, to remember once the group is committed.</summary>
        public (string EventKey, int Seq, long Id)[] OutboxRows { get; set; } = [];

        /// <summary>What writing it in the group came to: its outcome, or the failure it alone met.</summary>
        public CommitOutcome Outcome { get; set; }

        public Exception? Error { get; set; }

        public TaskCompletionSource<CommitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Take() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool GiveUp() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }

    public async Task<CommitOutcome> CommitAsync(Commit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var pending = new PendingCommit(commit);
        _pendingCommits.Enqueue(pending);
        using (cancellationToken.Register(() =>
        {
            if (pending.GiveUp())
            {
                pending.Done.TrySetCanceled(cancellationToken); // not written: it was still waiting
            }
        }))
        {
            await WriteGroupsAsync(pending);
            return await pending.Done.Task;
        }
    }

    /// <summary>Writes groups until <paramref name="own"/> is written, unless another caller is writing them (it writes this
    /// one too). Commits still waiting then are left to a writer on the thread pool, so no turn's reply waits for the
    /// groups of turns that came after it.</summary>
    private async Task WriteGroupsAsync(PendingCommit? own)
    {
        while (!_pendingCommits.IsEmpty && Interlocked.CompareExchange(ref _grouping, 1, 0) == 0)
        {
            try
            {
                await WriteGroupAsync();
            }
            finally
            {
                Volatile.Write(ref _grouping, 0);
            }
            if (own is not null && own.Done.Task.IsCompleted)
            {
                // a commit queued after the last look, by a caller that found this one writing, is still waiting
                if (!_pendingCommits.IsEmpty)
                {
                    _ = Task.Run(() => WriteGroupsAsync(null));
                }
                return;
            }
        }
    }

    private async Task WriteGroupAsync()
    {
        await _writeLock.WaitAsync(CancellationToken.None);
        var group = new List<PendingCommit>();
        Exception? groupError = null;
        try
        {
            while (group.Count < MaxGroup && _pendingCommits.TryDequeue(out PendingCommit? next))
            {
                if (next.Take())
                {
                    group.Add(next);
                }
            }
            if (group.Count == 0)
            {
                return;
            }
            await using Lease lease = await OpenWriterAsync(CancellationToken.None);
            SqliteConnection c = lease.Connection;
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(CancellationToken.None);
            var handled = new HashSet<string>(StringComparer.Ordinal);
            foreach (PendingCommit pending in group)
            {
                await ExecAsync(c, tx, "SAVEPOINT turn", CancellationToken.None);
                try
                {
                    pending.Outcome = await WriteCommitAsync(c, tx, pending, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    pending.Error = ex;
                }
                if (pending.Error is not null || pending.Outcome != CommitOutcome.Committed)
                {
                    // a failure SQLite answers by rolling back the whole transaction makes this throw: the group fails
                    await ExecAsync(c, tx, "ROLLBACK TO turn", CancellationToken.None);
                }
                await ExecAsync(c, tx, "RELEASE turn", CancellationToken.None);
                if (pending.Error is null && pending.Outcome == CommitOutcome.Committed && pending.Commit is { Replies: not null, EventKey: { } key })
                {
                    handled.Add(key);
                }
            }
            long before = _commits; // only changed with the writer held
            _commits += group.Count;
            if (before / 1000 != _commits / 1000)
            {
                SqliteCommand prune = Command(c, tx, "DELETE FROM events WHERE handled_at < $cutoff", null);
                prune.Parameters.AddWithValue("$cutoff", (group[0].Commit.At - EventRetention).ToString("O", CultureInfo.InvariantCulture));
                await prune.ExecuteNonQueryAsync(CancellationToken.None);
            }
            // the turns' own events held for them are handled here and never written to the inbox; the marks waiting for the
            // writer, and other events held too long, ride in this transaction
            await CommitWithRidersAsync(tx, await RideAlongAsync(c, tx, handled, int.MaxValue, CancellationToken.None), CancellationToken.None);
            Interlocked.Increment(ref _commitGroups);
            foreach (string key in handled)
            {
                HandledInItsCommit(key);
            }
            foreach (PendingCommit pending in group)
            {
                RememberOutboxRows(pending.OutboxRows);
            }
        }
        catch (Exception ex)
        {
            groupError = ex; // the transaction is lost: every commit in it failed
        }
        finally
        {
            _writeLock.Release();
            CompleteWritten(handOver: true);
            CheckpointSoon();
        }
        foreach (PendingCommit pending in group)
        {
            if ((groupError ?? pending.Error) is { } error)
            {
                pending.Done.TrySetException(error);
            }
            else
            {
                pending.Done.TrySetResult(pending.Outcome);
            }
        }
    }
}
