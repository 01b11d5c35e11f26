using Coach.Core.Storage;
using Coach.Core.Conversation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

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
    /// <summary>The clock of the stores this class makes: an event held for its turn's commit stays held until a test lets it go.</summary>
    private readonly FakeTimeProvider _clock = new(T0);

    protected override ICoachStore CreateStore() => new SqliteCoachStore(file.ConnectionString, NullLogger<SqliteCoachStore>.Instance, _clock);

    protected override void LetHeldEventsGo() => _clock.Advance(EventHold.For);

    protected override long InboxRowsWritten(ICoachStore store) => ((SqliteCoachStore)store).InboxRowsWritten;

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
    public async Task A_file_from_before_the_inbox_kept_only_open_work_keeps_its_waiting_events_and_replies_and_drops_the_done()
    {
        // put the file back the way schema version 5 left it: the inbox and outbox kept done rows, marked
        string path = await FileBackAtAsync("inbox-v5.db", """
            DROP TABLE inbox; DROP TABLE outbox; DELETE FROM schema_version WHERE version > 5;
            CREATE TABLE inbox (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TEXT NOT NULL, claimed_at TEXT NOT NULL, handled_at TEXT);
            CREATE INDEX inbox_open ON inbox (platform, claimed_at) WHERE handled_at IS NULL;
            CREATE INDEX inbox_time ON inbox (received_at);
            CREATE TABLE outbox (
                event_key TEXT NOT NULL, seq INTEGER NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                message TEXT NOT NULL, created_at TEXT NOT NULL, claimed_at TEXT NOT NULL, sent_at TEXT, sent_ref TEXT,
                PRIMARY KEY (event_key, seq));
            CREATE INDEX outbox_open ON outbox (platform, claimed_at) WHERE sent_at IS NULL;
            CREATE INDEX outbox_time ON outbox (created_at);
            INSERT INTO inbox VALUES ('old:waiting', 'old', 'T1', 'U1', '{"text":"hi"}', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', NULL);
            INSERT INTO inbox VALUES ('old:done', 'old', 'T1', 'U1', '{}', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:01.0000000Z');
            INSERT INTO outbox VALUES ('old:waiting', 0, 'old', 'T1', 'U1', '{"Visibility":"Channel","Channel":"D1","User":"U1","Text":"unsent"}',
                '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', NULL, NULL);
            INSERT INTO outbox VALUES ('old:done', 0, 'old', 'T1', 'U1', '{"Visibility":"Channel","Channel":"D1","User":"U1","Text":"sent"}',
                '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:01.0000000Z', '1.0');
            """);

        using var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        DateTimeOffset now = T0.AddYears(1);
        InboxEntry waiting = Assert.Single(await store.ClaimUnhandledAsync("old", now, now, 10));
        Assert.Equal(("old:waiting", "{\"text\":\"hi\"}"), (waiting.Key, waiting.Payload));
        OutboxEntry unsent = Assert.Single(await store.ClaimUnsentAsync("old", now, now, 10));
        Assert.Equal(("old:waiting", "unsent"), (unsent.EventKey, unsent.Message.Text));
        // and the new tables work as the rest of the store expects
        Assert.Equal([true], await ((IDeliveryStore)store).AddToInboxAsync([new InboxEntry("old:done", new PersonKey("old", "T1", "U1"), "{}", T0)]));
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

    [StoreFact]
    public async Task Under_writes_that_never_pause_the_log_still_starts_over_instead_of_growing()
    {
        // A checkpoint beside the writes always ends behind the commits made while it ran, so without one that finishes
        // with the writer held the log would only grow: here to about 120 MB (3,000 commits of a 4 KiB session and replies).
        string path = Path.Combine(file.Directory, "steady.db");
        PersonKey ada = NewPerson();
        string longPart = new('x', 4000);
        using (var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance))
        {
            await store.InitializeAsync();
            long version = 0;
            for (int i = 0; i < 3000; i++)
            {
                Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0.AddSeconds(i), SaveSession: true,
                    Session: Session(longPart + i), ExpectedVersion: version, Replies: [new Outgoing(Visibility.Channel, "C1", null, ada.User, "reply " + i)])));
                version = (await store.LoadAsync(ada)).SessionVersion;

            }
            Assert.True(store.LogRestarts >= 1, $"the log never started over ({store.Checkpoints} checkpoints)");
            long log = new FileInfo(path + "-wal").Length;
            Assert.True(log <= 64L << 20, $"the log is {log >> 20} MB");
        }
        using var again = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        await again.InitializeAsync();
        Assert.Equal(longPart + 2999, (await again.LoadAsync(ada)).Session!.Situation);
    }

    [StoreFact]
    public async Task Sessions_and_replies_are_stored_in_the_JSON_rows_written_before_the_generated_serializer()
    {
        // the rows a store wrote with reflection-based System.Text.Json (enums as names, nulls left out) are what the
        // generated writer writes and reads, so files from before it need nothing
        var reflection = new System.Text.Json.JsonSerializerOptions
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        SessionState session = Session("We had 40% churn — “quoted” 😬 <@everyone>") with { Nudged = Core.Rubric.StarPart.Situation, StoryId = 7, StartedAt = T0, LastActivity = T0.AddMinutes(3) };
        var reply = new Outgoing(Visibility.Ephemeral, "C1", "1700000000.000100", ada.User, "Text with \"quotes\" and a tab\t",
            new Card("Feedback", Tone.Warning, null, [new CardField("Impact", "L6", "“$1.2M a year”")], [new CardBar("Situation", 6.5, 30, 45, "6 s")],
                [new CardList("Changes", ["One", "Two"])]),
            [new ActionButton("coach:skip", "Skip", ButtonStyle.Danger, "v")], new FormRequest("f", "Title", [new FormField("a", "A", true, 3000)]),
            "Thread title", new FileAttachment("chart.png", "image/png", [1, 2, 3], "A chart"));
        string key = NewEvent();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, key, T0, SaveSession: true, Session: session, Replies: [reply])));

        await using var c = new SqliteConnection(file.ConnectionString);
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT state FROM sessions WHERE user_id = $u), (SELECT message FROM outbox WHERE event_key = $k), (SELECT typeof(message) FROM outbox WHERE event_key = $k)";
        cmd.Parameters.AddWithValue("$u", ada.User);
        cmd.Parameters.AddWithValue("$k", key);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(session, reflection), r.GetString(0));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(reply, reflection), r.GetString(1));
        Assert.Equal("text", r.GetString(2)); // written from UTF-8 bytes, stored as text as before: any SQLite tool reads it
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(session, reflection), System.Text.Json.JsonSerializer.Serialize((await store.LoadAsync(ada)).Session, reflection));
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

    [StoreFact]
    public async Task Commits_that_wait_for_the_writer_are_written_in_one_transaction_and_one_that_fails_fails_alone()
    {
        string path = Path.Combine(file.Directory, "groups.db");
        using var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        string platform = "group-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey[] people = [.. Enumerable.Range(0, 10).Select(_ => NewPerson(platform))];
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(people[0], NewEvent(), T0, NewStory: Story(people[0], 77, T0))));

        // another connection holds SQLite's write lock: the first commit takes the store's writer and waits inside SQLite
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using (SqliteCommand begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        Task<CommitOutcome> first = Task.Run(() => store.CommitAsync(new Commit(people[0], NewEvent(), T0, Replies: [])));
        await UntilAsync(() => store.WritingCommits && store.WaitingCommits == 0);

        // the rest wait for it: nine turns, one of them a story whose number is taken (SQLite refuses it)
        string failing = NewEvent();
        var waiting = new List<Task<CommitOutcome>>();
        for (int i = 1; i < people.Length; i++)
        {
            waiting.Add(store.CommitAsync(new Commit(people[i], i == 5 ? failing : NewEvent(), T0, SaveSession: true, Session: Session("turn " + i),
                NewStory: i == 5 ? Story(people[i], 77, T0) : null, Replies: [new Outgoing(Visibility.Channel, "D" + i, null, people[i].User, "reply " + i)])));
        }
        await UntilAsync(() => store.WaitingCommits == waiting.Count);
        long groups = store.CommitGroups;
        await using (SqliteCommand rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(CommitOutcome.Committed, await first);
        await Assert.ThrowsAsync<SqliteException>(() => waiting[4]);
        for (int i = 1; i < people.Length; i++)
        {
            if (i != 5)
            {
                Assert.Equal(CommitOutcome.Committed, await waiting[i - 1]);
                Assert.Equal("turn " + i, (await store.LoadAsync(people[i])).Session?.Situation);
            }
        }
        Assert.Equal(groups + 2, store.CommitGroups); // the first commit's, then all nine in one
        // the failed turn left nothing: no session, no reply, and its event is not taken for handled
        Assert.Null((await store.LoadAsync(people[5])).Session);
        DateTimeOffset later = T0.AddHours(1);
        Assert.Equal(8, (await ((IDeliveryStore)store).ClaimUnsentAsync(platform, later, later, 100)).Count);
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(people[5], failing, T0, SaveSession: true, Session: Session("again"))));
    }

    /// <summary>A store of its own, on a file of its own, on <paramref name="time"/>: how long it holds an event is the test's to say.</summary>
    private async Task<SqliteCoachStore> StoreOnAsync(string name, TimeProvider time)
    {
        var store = new SqliteCoachStore($"Data Source={Path.Combine(file.Directory, name + ".db")}", NullLogger<SqliteCoachStore>.Instance, time);
        await store.InitializeAsync();
        return store;
    }

    [StoreFact]
    public async Task An_event_is_held_for_its_own_turn_past_other_commits_and_looks_and_written_by_the_first_look_after_its_time()
    {
        var time = new FakeTimeProvider(T0);
        using SqliteCoachStore store = await StoreOnAsync("held", time);
        IDeliveryStore delivery = store;
        PersonKey ada = NewPerson("held"), bea = NewPerson("held");
        InboxEntry beas = Inbound(bea, platform: "held");
        Task<IReadOnlyList<bool>> beaStored = delivery.QueueDeliveriesAsync(new DeliveryBatch([beas], [], []));

        // Bea's turn waits behind a backlog: other turns' commits and the looks at what waits leave her event held
        time.Advance(EventHold.For - TimeSpan.FromMilliseconds(1));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Replies: [Reply("a")])));
        Assert.True(await delivery.WriteQueuedAsync());
        Assert.True(await delivery.WriteQueuedAsync());
        Assert.False(beaStored.IsCompleted, "held, so not acknowledged yet");
        Assert.Equal(1, store.HeldEvents);
        Assert.Equal(0, store.InboxRowsWritten);

        // held its full time: the next look writes it to the inbox, and it is acknowledged
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await delivery.WriteQueuedAsync());
        Assert.Equal(0, store.HeldEvents);
        await AssertTheOneRowInTheInboxAsync(store, beaStored, beas);
    }


    [StoreFact]
    public async Task A_sent_mark_takes_out_only_its_own_reply_also_where_sqlite_numbers_a_new_row_as_the_one_that_left()
    {
        string path = Path.Combine(file.Directory, "numbers.db");
        using var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        using var another = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        await another.InitializeAsync();
        PersonKey ada = NewPerson("numbers");
        string first = NewEvent(), second = NewEvent();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, first, T0, Replies: [new Outgoing(Visibility.Channel, "D1", null, ada.User, "one")])));
        long firstRow = await OutboxRowNumberAsync(path);

        // a store that neither wrote nor claimed the row finds it by its key
        await ((IDeliveryStore)another).MarkSentAsync([new SentReply(first, 0)]);
        DateTimeOffset later = T0.AddHours(1);
        Assert.Empty(await ((IDeliveryStore)store).ClaimUnsentAsync("numbers", later, later, 10));

        // the outbox is empty, so SQLite gives the next row the number the first one had
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, second, T0, Replies: [new Outgoing(Visibility.Channel, "D1", null, ada.User, "two")])));
        Assert.Equal(firstRow, await OutboxRowNumberAsync(path));
        // the writing store still knows the first reply by that number: its mark (late, or sent twice) leaves the second alone
        await ((IDeliveryStore)store).MarkSentAsync([new SentReply(first, 0)]);
        DateTimeOffset evenLater = later.AddHours(1);
        OutboxEntry left = Assert.Single(await ((IDeliveryStore)store).ClaimUnsentAsync("numbers", evenLater, evenLater, 10));
        Assert.Equal((second, "two"), (left.EventKey, left.Message.Text));
        // and its own mark takes it out
        await ((IDeliveryStore)store).MarkSentAsync([new SentReply(second, 0)]);
        Assert.Empty(await ((IDeliveryStore)store).ClaimUnsentAsync("numbers", evenLater.AddHours(1), evenLater.AddHours(1), 10));
    }

    [StoreFact]
    public async Task A_file_from_before_the_outbox_rows_were_numbered_keeps_its_waiting_events_and_replies()
    {
        // put the file back the way schema version 6 left it: both tables keyed by their text keys
        string path = await FileBackAtAsync("inbox-v6.db", """
            DROP TABLE inbox; DROP TABLE outbox; DELETE FROM schema_version WHERE version > 6;
            CREATE TABLE inbox (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TEXT NOT NULL, claimed_at TEXT NOT NULL);
            CREATE TABLE outbox (
                event_key TEXT NOT NULL, seq INTEGER NOT NULL, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
                message TEXT NOT NULL, created_at TEXT NOT NULL, claimed_at TEXT NOT NULL,
                PRIMARY KEY (event_key, seq));
            INSERT INTO inbox VALUES ('old:waiting', 'old', 'T1', 'U1', '{"text":"hi"}', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO outbox VALUES ('old:b', 0, 'old', 'T1', 'U1', '{"Visibility":"Channel","Channel":"D1","User":"U1","Text":"second"}',
                '2026-01-01T00:00:01.0000000Z', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO outbox VALUES ('old:a', 1, 'old', 'T1', 'U1', '{"Visibility":"Channel","Channel":"D1","User":"U1","Text":"first, part two"}',
                '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO outbox VALUES ('old:a', 0, 'old', 'T1', 'U1', '{"Visibility":"Channel","Channel":"D1","User":"U1","Text":"first"}',
                '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
            """);

        using var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        DateTimeOffset now = T0.AddYears(1);
        InboxEntry waiting = Assert.Single(await store.ClaimUnhandledAsync("old", now, now, 10));
        Assert.Equal(("old:waiting", "{\"text\":\"hi\"}"), (waiting.Key, waiting.Payload));
        IReadOnlyList<OutboxEntry> unsent = await store.ClaimUnsentAsync("old", now, now, 10);
        Assert.Equal(["first", "first, part two", "second"], unsent.Select(e => e.Message.Text));
        // a repeat of an event still in the inbox is known, and the replies leave once sent
        Assert.Equal([false], await ((IDeliveryStore)store).AddToInboxAsync([new InboxEntry("old:waiting", new PersonKey("old", "T1", "U1"), "{}", T0)]));
        await ((IDeliveryStore)store).MarkSentAsync([new SentReply("old:a", 0), new SentReply("old:a", 1)]);
        DateTimeOffset later = now.AddHours(1);
        Assert.Equal(["second"], (await store.ClaimUnsentAsync("old", later, later, 10)).Select(e => e.Message.Text));
    }

    [StoreFact]
    public async Task A_file_from_before_the_inbox_went_in_arrival_order_keeps_its_waiting_events_and_still_knows_a_repeat()
    {
        // put the file back the way schema version 7 left it: the inbox one b-tree ordered by the event key
        string path = await FileBackAtAsync("inbox-v7.db", """
            DROP TABLE inbox; DELETE FROM schema_version WHERE version > 7;
            CREATE TABLE inbox (
                event_key TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL, payload TEXT NOT NULL,
                received_at TEXT NOT NULL, claimed_at TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO inbox VALUES ('old:a-later', 'old', 'T1', 'U1', '{"text":"second"}', '2026-01-01T00:00:02.0000000Z', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO inbox VALUES ('old:z-earlier', 'old', 'T1', 'U2', '{"text":"first"}', '2026-01-01T00:00:01.0000000Z', '2026-01-01T00:00:00.0000000Z');
            """);

        using (var store = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance))
        {
            await store.InitializeAsync();
            var delivery = (IDeliveryStore)store;
            // a repeat of a waiting event is known; a new one goes in after them
            var person = new PersonKey("old", "T1", "U3");
            Assert.Equal([false, true], await delivery.AddToInboxAsync([
                new InboxEntry("old:a-later", person, "{}", T0), new InboxEntry("old:new", person, "{\"text\":\"third\"}", T0.AddYears(1))]));
            DateTimeOffset now = T0.AddYears(2);
            IReadOnlyList<InboxEntry> waiting = await store.ClaimUnhandledAsync("old", now, now, 10);
            Assert.Equal(["old:z-earlier", "old:a-later", "old:new"], waiting.Select(e => e.Key));
            Assert.Equal(["{\"text\":\"first\"}", "{\"text\":\"second\"}", "{\"text\":\"third\"}"], waiting.Select(e => e.Payload));
            await delivery.MarkHandledAsync(["old:z-earlier"]);
            Assert.Equal(["old:a-later", "old:new"], (await store.ClaimUnhandledAsync("old", now.AddYears(1), now.AddYears(1), 10)).Select(e => e.Key));
        }

        // the rows are numbered in the order the events came, and the key's uniqueness is an index's
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT group_concat(event_key, ' ') FROM (SELECT event_key FROM inbox ORDER BY id)";
        Assert.Equal("old:a-later old:new", await cmd.ExecuteScalarAsync());
        cmd.CommandText = "SELECT \"unique\" FROM pragma_index_list('inbox') WHERE name = 'inbox_key'";
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    /// <summary>A new store file, then <paramref name="sql"/> run on it to put it back the way an older schema version left
    /// it (the store's next start migrates it from there). Returns its path.</summary>
    private async Task<string> FileBackAtAsync(string name, string sql)
    {
        string path = Path.Combine(file.Directory, name);
        using (var fresh = new SqliteCoachStore($"Data Source={path}", NullLogger<SqliteCoachStore>.Instance))
        {
            await fresh.InitializeAsync();
        }
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
        return path;
    }

    private static async Task<long> OutboxRowNumberAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id FROM outbox";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Waits (polling, up to 10 s) until the store reaches a state the test needs before its next step.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !condition(); await Task.Delay(1))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the store never got there");
        }
    }
}
