using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Coach.Storage.Tests;

public sealed class PostgresStoreContractTests(PostgresDatabase database) : StoreContractTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    /// <summary>The clock of the stores this class makes: an event held for its turn's commit stays held until a test lets it go.</summary>
    private readonly FakeTimeProvider _clock = new(T0);

    protected override ICoachStore CreateStore() => new PostgresCoachStore(database.ConnectionString, NullLogger<PostgresCoachStore>.Instance, _clock);

    protected override void LetHeldEventsGo() => _clock.Advance(EventHold.For);

    protected override long InboxRowsWritten(ICoachStore store) => ((PostgresCoachStore)store).InboxRowsWritten;

    protected override IReadOnlyList<string> PersonTables => PostgresCoachStore.PersonTables;

    protected override Task<IReadOnlyDictionary<string, long>> CountRowsAsync(ICoachStore store, PersonKey person) =>
        ((PostgresCoachStore)store).CountRowsAsync(person);

    protected override async Task<IReadOnlyList<string>> TablesAboutPeopleAsync()
    {
        await using var c = new NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'", c);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await r.ReadAsync())
        {
            tables.Add(r.GetString(0));
        }
        return tables;
    }

    protected override async Task<IReadOnlyList<string>> AllTablesAsync()
    {
        await using var c = new NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", c);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await r.ReadAsync())
        {
            tables.Add(r.GetString(0));
        }
        return tables;
    }

    protected override async Task<long> CountWhereAsync(string table, string where, PersonKey person)
    {
        await using var c = new NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT COUNT(*) FROM {table} WHERE {where}", c);
        cmd.Parameters.AddWithValue("p", person.Platform);
        cmd.Parameters.AddWithValue("w", person.Workspace);
        cmd.Parameters.AddWithValue("u", person.User);
        cmd.Parameters.AddWithValue("sid", Core.Daily.DailySchedule.IdFor(person.Platform, person.Workspace, "", person.User));
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [StoreFact]
    public async Task Workers_starting_at_once_on_an_empty_database_migrate_it_once()
    {
        var fresh = new PostgresDatabase();
        await fresh.InitializeAsync();
        try
        {
            PostgresCoachStore[] stores = [.. Enumerable.Range(0, 4).Select(_ => new PostgresCoachStore(fresh.ConnectionString, NullLogger<PostgresCoachStore>.Instance))];
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
            await using (var c = new NpgsqlConnection(fresh.ConnectionString))
            {
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_version", c);
                await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
                Assert.True(await r.ReadAsync());
                // each migration once: versions 1..n, no repeats
                Assert.True(r.GetInt64(0) >= 3);
                Assert.Equal(r.GetInt64(0), r.GetInt64(1));
                Assert.Equal(r.GetInt64(0), r.GetInt32(2));
            }
            PersonKey ada = NewPerson();
            Assert.Equal(CommitOutcome.Committed, await stores[3].CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("works"))));
            foreach (PostgresCoachStore s in stores)
            {
                await s.DisposeAsync();
            }
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task Times_are_kept_to_the_microsecond_in_utc()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        var firstSeen = new DateTimeOffset(2026, 3, 2, 11, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234560);
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), firstSeen, Settings: new Core.Storage.PersonSettings(Core.Rubric.Level.L7, firstSeen))));
        DateTimeOffset loaded = (await store.LoadAsync(ada)).Settings.FirstSeen!.Value;
        Assert.Equal(firstSeen, loaded);
        Assert.Equal(TimeSpan.Zero, loaded.Offset);
    }
}
