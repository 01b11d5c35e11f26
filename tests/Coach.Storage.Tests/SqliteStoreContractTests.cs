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

    [StoreFact]
    public async Task Two_stores_starting_at_once_on_a_new_file_migrate_it_once_as_two_processes_would()
    {
        for (int round = 0; round < 12; round++)
        {
            string path = Path.Combine(file.Directory, $"fresh-{round}.db");
            SqliteCoachStore[] stores = [.. Enumerable.Range(0, 2).Select(_ => new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance))];
            using var start = new Barrier(stores.Length);
            await Task.WhenAll(stores.Select(s => Task.Run(async () =>
            {
                start.SignalAndWait();
                await s.InitializeAsync();
            })));

            await using (var c = new SqliteConnection($"Data Source={path}"))
            {
                await c.OpenAsync();
                await using SqliteCommand cmd = c.CreateCommand();
                cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_version";
                await using SqliteDataReader r = await cmd.ExecuteReaderAsync();
                Assert.True(await r.ReadAsync());
                Assert.True(r.GetInt64(0) >= 3);
                Assert.Equal(r.GetInt64(0), r.GetInt64(1)); // each migration once
                Assert.Equal(r.GetInt64(0), r.GetInt64(2));
            }
            PersonKey ada = NewPerson();
            Assert.Equal(CommitOutcome.Committed, await stores[1].CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("works"))));
            Assert.Equal("works", (await stores[0].LoadAsync(ada)).Session!.Situation);
            foreach (SqliteCoachStore s in stores)
            {
                s.Dispose();
            }
        }
    }

    [StoreFact]
    public async Task The_log_is_checkpointed_in_the_background_and_every_write_survives_a_reopen()
    {
        string path = Path.Combine(file.Directory, "checkpoint.db");
        PersonKey ada = NewPerson();
        using (var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance))
        {
            await store.InitializeAsync();
            long version = 0;
            for (int i = 0; i < 450; i++)
            {
                Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0.AddSeconds(i), SaveSession: true,
                    Session: Session("part " + i), ExpectedVersion: version)));
                version = (await store.LoadAsync(ada)).SessionVersion;
            }
            // SQLite's own checkpoint inside COMMIT is off on the store's connections; the store's runs instead, off the commit path
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (store.Checkpoints == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }
            Assert.True(store.Checkpoints >= 1, "no background checkpoint ran after 450 writes");
        }
        using var again = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        await again.InitializeAsync();
        Assert.Equal("part 449", (await again.LoadAsync(ada)).Session!.Situation);
    }

    protected override async Task<IReadOnlyList<string>> AllTablesAsync()
    {
        await using var c = new SqliteConnection(file.ConnectionString);
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await r.ReadAsync())
        {
            tables.Add(r.GetString(0));
        }
        return tables;
    }

    protected override async Task<long> CountWhereAsync(string table, string where, PersonKey person)
    {
        await using var c = new SqliteConnection(file.ConnectionString);
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {where}";
        cmd.Parameters.AddWithValue("@p", person.Platform);
        cmd.Parameters.AddWithValue("@w", person.Workspace);
        cmd.Parameters.AddWithValue("@u", person.User);
        cmd.Parameters.AddWithValue("@sid", Core.Daily.DailySchedule.IdFor(person.Platform, person.Workspace, "", person.User));
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
