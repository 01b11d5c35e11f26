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

    /// <param name="urgent">Goes before the writes already waiting (see <see cref="WriteGate"/>).</param>
    private async Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<bool>> work, CancellationToken ct, bool urgent = false)
    {
        await _writeLock.WaitAsync(ct, urgent);
        try
        {
            await using Lease lease = await OpenAsync(ct);
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
