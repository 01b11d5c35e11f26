using Coach.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Tests.Shared;

/// <summary>A real SQLite store in a file of its own under the temp folder, deleted with its WAL files when disposed.</summary>
public sealed class TempSqliteStore : IAsyncDisposable
{
    private readonly string _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"coach-test-{Guid.NewGuid():N}.db");

    private TempSqliteStore() => Store = new SqliteCoachStore("Data Source=" + _path, NullLogger<SqliteCoachStore>.Instance);

    public SqliteCoachStore Store { get; }

    /// <summary>The database file, for a second store or a child worker on the same data.</summary>
    public string Path => _path;

    public static async Task<TempSqliteStore> CreateAsync()
    {
        var temp = new TempSqliteStore();
        await temp.Store.InitializeAsync();
        return temp;
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string f in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(f);
        }
        return ValueTask.CompletedTask;
    }
}
