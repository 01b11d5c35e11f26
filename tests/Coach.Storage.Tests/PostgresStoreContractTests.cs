using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Tests.Shared;
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

    protected override Task<IReadOnlyList<string>> TablesAboutPeopleAsync() =>
        NamesAsync(database.ConnectionString, "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'");

    protected override Task<IReadOnlyList<string>> AllTablesAsync() => NamesAsync(database.ConnectionString, AllTables);

    private const string AllTables = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'";

    /// <summary>The first column of what <paramref name="sql"/> returns, read on a connection of its own.</summary>
    private static async Task<IReadOnlyList<string>> NamesAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await r.ReadAsync())
        {
            names.Add(r.GetString(0));
        }
        return names;
    }

    /// <summary>Asks the server <paramref name="condition"/> (one boolean) every 100 ms until it holds; fails after 30 s.
    /// For what the server does in its own time, such as publishing a connection's counts or ending a closed one.</summary>
    /// <summary>Waits until the other connections to <paramref name="c"/>'s database have ended, and with them published
    /// their counts (<see cref="ScratchDatabase.OthersGoneAsync"/>).</summary>
    private static async Task OthersGoneAsync(NpgsqlConnection c) =>
        Assert.True(await ScratchDatabase.OthersGoneAsync(c, TimeSpan.FromSeconds(30)), "other connections to the database stayed open");

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

    /// <summary>A rolling upgrade: a newer worker's migration adds a column to every table while an older worker runs on.
    /// The older worker's statements are prepared on its connection by then (the store prepares what it runs often), and
    /// a prepared statement whose result changes shape fails (<c>0A000: cached plan must not change result type</c>), as
    /// the control here shows with <c>SELECT *</c>. The store names every column it reads or returns, so its results keep
    /// their shape, the server plans its statements again, and the older worker works on.</summary>
    [StoreFact]
    public async Task A_worker_works_on_when_a_newer_one_adds_columns_under_its_prepared_statements()
    {
        var fresh = new PostgresDatabase();
        await fresh.InitializeAsync();
        try
        {
            // one connection, so each statement is run (and prepared) on the connection the rounds after the change use
            string one = new NpgsqlConnectionStringBuilder(fresh.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
            await using var store = new PostgresCoachStore(one, NullLogger<PostgresCoachStore>.Instance, _clock);
            await store.InitializeAsync();
            await using var control = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fresh.ConnectionString) { MaxAutoPrepare = 8, AutoPrepareMinUsages = 2 }.ConnectionString);
            await control.OpenAsync();
            await using var selectAll = new NpgsqlCommand("SELECT * FROM transport_state", control);
            for (int round = 0; round < 6; round++)
            {
                await RoundAsync(store, round);
                await using NpgsqlDataReader r = await selectAll.ExecuteReaderAsync();
            }
            Assert.True(selectAll.IsPrepared);

            IReadOnlyList<string> tables = await NamesAsync(fresh.ConnectionString, AllTables);
            await using (var migrate = new NpgsqlConnection(fresh.ConnectionString))
            {
                await migrate.OpenAsync();
                Assert.Contains("sessions", tables);
                Assert.Contains("outbox", tables);
                foreach (string table in tables)
                {
                    await using var alter = new NpgsqlCommand($"ALTER TABLE {table} ADD COLUMN added_later text", migrate);
                    await alter.ExecuteNonQueryAsync();
                }
            }

            var changed = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using NpgsqlDataReader r = await selectAll.ExecuteReaderAsync();
            });
            Assert.Equal(PostgresErrorCodes.FeatureNotSupported, changed.SqlState);
            for (int round = 6; round < 9; round++)
            {
                await RoundAsync(store, round);
            }
        }
        finally
        {
            await fresh.DisposeAsync();
        }

        static async Task RoundAsync(PostgresCoachStore store, int round)
        {
            PersonKey ada = NewPerson();
            string turn = NewEvent();
            DateTimeOffset at = T0.AddMinutes(round);
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, turn, at, SaveSession: true, Session: Session("round " + round),
                Settings: new Core.Storage.PersonSettings(Core.Rubric.Level.L7, at), NewStory: Story(ada, 1000 + round, at),
                Streak: new Streak(round + 1, round + 1, DateOnly.FromDateTime(at.UtcDateTime)), Replies: [Reply("reply " + round)])));
            PersonState state = await store.LoadAsync(ada);
            Assert.Equal("round " + round, state.Session?.Situation);
            Assert.Equal(round + 1, state.Streak.Current);
            Assert.Equal(1000 + round, Assert.Single(await store.ListStoriesAsync(ada)).Id);
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), at, SaveSession: true, Session: Session("next " + round), ExpectedVersion: state.SessionVersion)));

            // the inbox and the outbox, as a worker taking over another's work uses them
            var delivery = (IDeliveryStore)store;
            string platform = "rolling" + round;
            InboxEntry waiting = Inbound(ada, platform: platform);
            Assert.Equal([true], await delivery.AddToInboxAsync([waiting]));
            Assert.Equal(waiting.Key, Assert.Single(await store.ClaimUnhandledAsync(platform, at.AddHours(1), at, 10)).Key);
            await delivery.MarkHandledAsync([waiting.Key]);
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada with { Platform = platform }, NewEvent(), at, Replies: [Reply("queued " + round)])));
            OutboxEntry unsent = Assert.Single(await store.ClaimUnsentAsync(platform, at.AddHours(1), at, 10));
            Assert.Equal("queued " + round, unsent.Message.Text);
            await delivery.MarkSentAsync([new SentReply(unsent.EventKey, unsent.Seq)]);
            Assert.Empty(await store.ClaimUnsentAsync(platform, at.AddHours(2), at.AddHours(1), 10));

            await store.SaveTransportStateAsync("rolling", "state " + round, at);
            Assert.Equal("state " + round, (await store.GetTransportStateAsync("rolling"))?.Value);
            var daily = new Core.Daily.DailySchedule(Core.Daily.DailySchedule.IdFor(Platforms.Slack, "T01", "", ada.User), Platforms.Slack, "T01", "", ada.User, ada.User,
                new TimeOnly(9, 0), "Europe/London", [DayOfWeek.Monday], at);
            await store.SaveScheduleAsync(daily);
            Assert.Equal(daily.Id, (await store.GetScheduleAsync(daily.Id))?.Id);
            Assert.True(await store.ClaimDeliveryAsync(daily.Id, DateOnly.FromDateTime(at.UtcDateTime), at, "own-1"));
            await store.ForgetAsync(ada);
            Assert.Null((await store.LoadAsync(ada)).Session);
        }
    }

    /// <summary>The inbox and the outbox are queues, nearly always empty. A vacuum that finds them empty records them so,
    /// and a delete by key planned then reads the whole table, the cheaper plan for a page; the server keeps that plan
    /// for a prepared statement while the rows taken out pile up as dead rows until the next vacuum. The deliveries'
    /// statements must take their tables' key indexes whatever the statistics say (<see cref="PostgresCoachStore.ByKeyOnly"/>):
    /// the server's own counters show no table read through.</summary>
    [StoreFact]
    public async Task Deliveries_find_their_rows_by_key_after_a_vacuum_saw_the_queues_empty()
    {
        var fresh = new PostgresDatabase();
        await fresh.InitializeAsync();
        try
        {
            await using var admin = new NpgsqlConnection(fresh.ConnectionString);
            await admin.OpenAsync();
            // the schema made by a store of its own, closed before counting: building indexes reads tables through too
            await using (var migrating = new PostgresCoachStore(fresh.ConnectionString, NullLogger<PostgresCoachStore>.Instance, _clock))
            {
                await migrating.InitializeAsync();
            }
            await OthersGoneAsync(admin);
            await using (var vacuum = new NpgsqlCommand("VACUUM inbox, outbox", admin))
            {
                await vacuum.ExecuteNonQueryAsync();
            }
            // what a vacuum of an empty table records: no pages, no rows (-1 would mean never counted, planned as 10 pages)
            await using (var counted = new NpgsqlCommand("SELECT COUNT(*) FROM pg_class WHERE relname IN ('inbox', 'outbox') AND relpages = 0 AND reltuples = 0", admin))
            {
                Assert.Equal(2L, (long)(await counted.ExecuteScalarAsync())!);
            }
            (long Seq, long Index) inboxBefore = await ScansAsync(admin, "inbox"), outboxBefore = await ScansAsync(admin, "outbox");

            // one connection, so the statements are prepared where the later rounds run them
            string one = new NpgsqlConnectionStringBuilder(fresh.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
            await using var store = new PostgresCoachStore(one, NullLogger<PostgresCoachStore>.Instance, _clock);
            await store.InitializeAsync();
            const int Rounds = 12;
            var delivery = (IDeliveryStore)store;
            for (int round = 0; round < Rounds; round++)
            {
                PersonKey ada = NewPerson();
                InboxEntry stored = Inbound(ada);
                Assert.Equal([true], await delivery.AddToInboxAsync([stored]));
                // the turn's commit takes its event out of the inbox; the mark takes its reply out of the outbox
                Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, stored.Key, T0.AddMinutes(round), Replies: [Reply("round " + round)])));
                await delivery.MarkSentAsync([new SentReply(stored.Key, 0)]);
            }

            // an idle connection's counts are published only after up to 10 s: close it, so they are published as it ends
            await store.DisposeAsync(); // (and again at the end of the block, which does nothing)
            await OthersGoneAsync(admin);
            (long Seq, long Index) inbox = await ScansAsync(admin, "inbox"), outbox = await ScansAsync(admin, "outbox");
            // each insert's conflict check and each delete found its row through the key's index: no table read through
            Assert.Equal(inboxBefore.Seq, inbox.Seq);
            Assert.Equal(outboxBefore.Seq, outbox.Seq);
            Assert.Equal(inboxBefore.Index + 2 * Rounds, inbox.Index);
            Assert.Equal(outboxBefore.Index + 2 * Rounds, outbox.Index);

            static async Task<(long Seq, long Index)> ScansAsync(NpgsqlConnection c, string table)
            {
                await using var read = new NpgsqlCommand("SELECT seq_scan, COALESCE(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = @t", c);
                read.Parameters.AddWithValue("t", table);
                await using NpgsqlDataReader r = await read.ExecuteReaderAsync();
                Assert.True(await r.ReadAsync());
                return (r.GetInt64(0), r.GetInt64(1));
            }
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    /// <summary>The tables that empty out (the inbox, the outbox, sessions) keep their pages through a vacuum that finds
    /// them empty. Cutting them would take a lock that stops every turn's write to the table, and a table cut to no pages
    /// is planned as next to nothing, a plan kept by a connection while the table fills again
    /// (<see cref="PostgresCoachStore.TruncateOff"/>).</summary>
    [StoreFact]
    public async Task Tables_that_empty_out_keep_their_pages_through_a_vacuum()
    {
        var fresh = new PostgresDatabase();
        await fresh.InitializeAsync();
        try
        {
            const int People = 60;
            await using (var store = new PostgresCoachStore(fresh.ConnectionString, NullLogger<PostgresCoachStore>.Instance, _clock))
            {
                await store.InitializeAsync();
                var delivery = (IDeliveryStore)store;
                // each person: an event in the inbox, a session, a reply in the outbox; then all taken out again
                var turns = new List<(PersonKey Person, InboxEntry Event, long Version)>();
                foreach (PersonKey person in Enumerable.Range(0, People).Select(_ => NewPerson()))
                {
                    InboxEntry stored = Inbound(person);
                    Assert.Equal([true], await delivery.AddToInboxAsync([stored]));
                    Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(person, NewEvent(), T0, SaveSession: true, Session: Session(Filler()))));
                    turns.Add((person, stored, (await store.LoadAsync(person)).SessionVersion));
                }
                foreach ((PersonKey person, InboxEntry stored, long version) in turns)
                {
                    Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(person, stored.Key, T0.AddMinutes(1), SaveSession: true, Session: null,
                        ExpectedVersion: version, Replies: [Reply(Filler())])));
                }
                await delivery.MarkSentAsync([.. turns.Select(t => new SentReply(t.Event.Key, 0))]);
            }
            await using var admin = new NpgsqlConnection(fresh.ConnectionString);
            await admin.OpenAsync();
            await OthersGoneAsync(admin);
            await using (var emptied = new NpgsqlCommand("SELECT (SELECT COUNT(*) FROM inbox) + (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM sessions)", admin))
            {
                Assert.Equal(0L, (long)(await emptied.ExecuteScalarAsync())!);
            }
            await using (var vacuum = new NpgsqlCommand("VACUUM inbox, outbox, sessions", admin))
            {
                await vacuum.ExecuteNonQueryAsync();
            }
            foreach (string table in PostgresCoachStore.TruncateOff)
            {
                await using var pages = new NpgsqlCommand("SELECT relpages, reltuples FROM pg_class WHERE relname = @t", admin);
                pages.Parameters.AddWithValue("t", table);
                await using NpgsqlDataReader r = await pages.ExecuteReaderAsync();
                Assert.True(await r.ReadAsync());
                // the vacuum found every row gone (no live rows counted) and kept the pages they were in
                Assert.Equal(0f, r.GetFloat(1));
                Assert.True(r.GetInt32(0) >= 2, $"{table}: {r.GetInt32(0)} pages after the vacuum");
            }

            // about 800 characters that do not compress: rows of a few to a page, stored as they are
            static string Filler() => string.Concat(Enumerable.Range(0, 25).Select(_ => Guid.NewGuid().ToString("N")));
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
