using System.Globalization;
using Coach.Core.Conversation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Coach.Storage;

/// <summary>SQLite only: the single writer, the background WAL checkpoint and the store's own connection pool with its
/// prepared commands.</summary>
/// <remarks>
/// SQLite allows one writer at a time, so the store's writes take turns on one lock (<see cref="WriteAsync"/>); reads and
/// writes use pooled connections, each opened and set up once with its pragmas.
/// </remarks>
public sealed partial class SqliteCoachStore
{
    private const int MaxIdleConnections = 32;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> PreparedCommands = [];

    private readonly WriteGate _writeLock = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<SqliteConnection> _idle = [];
    private const int CheckpointEvery = 200;
    private int _writesSinceCheckpoint;
    private int _checkpointing;
    private long _checkpoints;
    private long _logRestarts;

    /// <summary>
    /// The log's length (in pages written to it, 4 KiB each) past which a checkpoint finishes with the writer held. A log
    /// only starts over from its beginning once all of it is in the database file; a checkpoint that runs beside the
    /// writes never gets there while they go on (it ends behind the commits made while it ran), so under steady writes the
    /// log would grow for as long as they last, a new disk block for every page written. Holding the writer for the pages
    /// the background checkpoint left behind costs two disk flushes (6-10 ms here), so it is done rarely: about once every
    /// 900 turns under steady load (32 MiB of log; <c>journal_size_limit</c> trims a log that grew past 64 MiB).
    /// </summary>
    internal const int LogRestartFrames = 8192;

    /// <param name="urgent">Goes before the writes already waiting (see <see cref="WriteGate"/>).</param>
    private async Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<bool>> work, CancellationToken ct, bool urgent = false)
    {
        await _writeLock.WaitAsync(ct, urgent);
        try
        {
            await using Lease lease = await OpenWriterAsync(ct);
            SqliteConnection c = lease.Connection;
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            bool result = await work(c, tx);
            await CommitWithRidersAsync(tx, await RideAlongAsync(c, tx, null, 64, ct), ct);
            return result;
        }
        finally
        {
            _writeLock.Release();
            CompleteWritten();
            CheckpointSoon();
        }
    }

    /// <summary>Copies the write-ahead log into the database file every <see cref="CheckpointEvery"/> writes, on a thread
    /// of its own. SQLite's own automatic checkpoint (turned off on every connection) runs inside the COMMIT that crosses
    /// the threshold and syncs the database file there, which puts a disk flush in one unlucky event's reply time.
    /// A PASSIVE checkpoint neither waits for nor blocks readers and writers; see <see cref="LogRestartFrames"/> for the
    /// one that does. Not on the thread pool: a pool busy with turns would start it late, and the log grows meanwhile.</summary>
    private void CheckpointSoon()
    {
        if (Interlocked.Increment(ref _writesSinceCheckpoint) < CheckpointEvery || _disposed ||
            Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
        {
            return;
        }
        Interlocked.Exchange(ref _writesSinceCheckpoint, 0);
        new Thread(Checkpoint) { IsBackground = true, Name = "Store checkpoint" }.Start();
    }

    private void Checkpoint()
    {
        try
        {
            // the store's calls into SQLite complete synchronously: waiting on them here blocks only this thread
            using (Lease lease = OpenAsync(CancellationToken.None).GetAwaiter().GetResult())
            {
                if (PassiveCheckpoint(lease.Connection) >= LogRestartFrames)
                {
                    // the writes made while that one ran are still only in the log: copy them with the writer held, so
                    // the whole log is in the database file and the next write starts it over from its beginning
                    _writeLock.WaitAsync(CancellationToken.None).GetAwaiter().GetResult();
                    try
                    {
                        PassiveCheckpoint(lease.Connection);
                        Interlocked.Increment(ref _logRestarts);
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                }
            }
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
    }

    /// <summary>A PASSIVE checkpoint; returns the frames (pages) in the log.</summary>
    private static long PassiveCheckpoint(SqliteConnection c)
    {
        SqliteCommand cmd = Command(c, null, "PRAGMA wal_checkpoint(PASSIVE)", null);
        using SqliteDataReader r = cmd.ExecuteReader();
        return r.Read() && !r.IsDBNull(1) ? r.GetInt64(1) : 0;
    }

    /// <summary>Background checkpoints completed (for tests and operators).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Checkpoints that finished with the writer held so the log starts over (see <see cref="LogRestartFrames"/>).</summary>
    public long LogRestarts => Interlocked.Read(ref _logRestarts);

    /// <summary>The connection the single writer writes with, while it is not in use (see <see cref="OpenWriterAsync"/>).</summary>
    private SqliteConnection? _idleWriter;

    /// <summary>The connection for a write, taken with the single writer held: always the same one. A connection keeps the
    /// pages it read only until another connection commits (then it reads them all again, from the log or the file), so
    /// the writes, made one after another on one connection, find the pages of the tables they change already read.</summary>
    private Task<Lease> OpenWriterAsync(CancellationToken ct) =>
        Interlocked.Exchange(ref _idleWriter, null) is { } c && !_disposed ? Task.FromResult(new Lease(this, c, writer: true)) : OpenAsync(ct, writer: true);

    /// <summary>A connection from the store's own pool: opened and set up once (pragmas), with its prepared commands kept.</summary>
    private async Task<Lease> OpenAsync(CancellationToken ct, bool writer = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!writer && _idle.TryTake(out SqliteConnection? c))
        {
            return new Lease(this, c);
        }
        c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct);
            // per-connection settings: set once for the life of the connection, not on every use
            await ExecAsync(c, null, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864", ct);
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
        return new Lease(this, c, writer);
    }

    private void Return(SqliteConnection c, bool writer)
    {
        if (writer && !_disposed && c.State == System.Data.ConnectionState.Open && !InTransaction(c) &&
            Interlocked.CompareExchange(ref _idleWriter, c, null) is null)
        {
            if (_disposed && Interlocked.Exchange(ref _idleWriter, null) is { } late)
            {
                late.Dispose(); // Dispose ran while this one was coming back
            }
            return;
        }
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

    private readonly struct Lease(SqliteCoachStore store, SqliteConnection connection, bool writer = false) : IAsyncDisposable, IDisposable
    {
        public SqliteConnection Connection => connection;

        public void Dispose() => store.Return(connection, writer);

        public ValueTask DisposeAsync()
        {
            store.Return(connection, writer);
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
