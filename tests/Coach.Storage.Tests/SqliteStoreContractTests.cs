using Coach.Core.Storage;
using Coach.Core.Conversation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Storage.Tests;

/// <summary>A temp SQLite file for one test class, deleted after.</summary>
public sealed class SqliteFile : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "coach-store-tests-" + Guid.NewGuid().ToString("N"));

    public SqliteFile() => System.IO.Directory.CreateDirectory(Directory);

    public string ConnectionString => $"Data Source={Path.Combine(Directory, "coach.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class SqliteStoreContractTests(SqliteFile file) : StoreContractTests, IClassFixture<SqliteFile>
{
    protected override ICoachStore CreateStore() => new SqliteCoachStore(file.ConnectionString, NullLogger<SqliteCoachStore>.Instance);

    protected override IReadOnlyList<string> PersonTables => SqliteCoachStore.PersonTables;

    protected override Task<IReadOnlyDictionary<string, long>> CountRowsAsync(ICoachStore store, PersonKey person) =>
        ((SqliteCoachStore)store).CountRowsAsync(person);

    protected override async Task<IReadOnlyList<string>> TablesAboutPeopleAsync()
    {
        await using var c = new SqliteConnection(file.ConnectionString);
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'user_id'";
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await r.ReadAsync())
        {
            tables.Add(r.GetString(0));
        }
        return tables;
    }
}
