using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Coach.Storage.Tests;

public sealed class PostgresStoreContractTests(PostgresDatabase database) : StoreContractTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override ICoachStore CreateStore() => new PostgresCoachStore(database.ConnectionString, NullLogger<PostgresCoachStore>.Instance);

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

    [StoreFact]
    public async Task A_version_is_never_reused_so_a_writer_from_before_a_delete_cannot_overwrite_a_new_session()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("old practice"))));
        long old = (await store.LoadAsync(ada)).SessionVersion;
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: old)));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("new practice"))));
        Assert.NotEqual(old, (await store.LoadAsync(ada)).SessionVersion);

        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("stale"), ExpectedVersion: old)));
        Assert.Equal("new practice", (await store.LoadAsync(ada)).Session!.Situation);
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
                await using var cmd = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_version", c);
                await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
                Assert.True(await r.ReadAsync());
                Assert.Equal(1, r.GetInt64(0));
                Assert.Equal(1, r.GetInt32(1));
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
