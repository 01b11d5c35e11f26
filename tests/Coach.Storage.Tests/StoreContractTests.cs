using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Mock;
using Coach.Core.Rubric;
using Coach.Core.Storage;

namespace Coach.Storage.Tests;

/// <summary>What every <see cref="ICoachStore"/> must do, run on each store by a subclass (SQLite file, PostgreSQL database).
/// Tests in one class share that class's database, so each works on people of its own.</summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly List<ICoachStore> _stores = [];

    /// <summary>A new, not yet initialised store instance on this class's database (as a second worker would have).</summary>
    protected abstract ICoachStore CreateStore();

    protected abstract IReadOnlyList<string> PersonTables { get; }

    /// <summary>Lets the events the stores hold for their own turns' commits go to the next write (both hold an event
    /// queued alone for <see cref="EventHold.For"/> on their clocks).</summary>
    protected virtual void LetHeldEventsGo()
    {
    }

    /// <summary>Events the store wrote to the inbox as rows of their own (rows taken out since included).</summary>
    protected abstract long InboxRowsWritten(ICoachStore store);

    protected abstract Task<IReadOnlyDictionary<string, long>> CountRowsAsync(ICoachStore store, PersonKey person);

    /// <summary>Every table in the schema that has a <c>user_id</c> column.</summary>
    protected abstract Task<IReadOnlyList<string>> TablesAboutPeopleAsync();

    /// <summary>Every table in the schema (the store's own, not the engine's internal ones).</summary>
    protected abstract Task<IReadOnlyList<string>> AllTablesAsync();

    /// <summary>Runs <c>SELECT COUNT(*) FROM table WHERE where</c> with @p, @w, @u (the person) and @sid (the id of the person's own daily schedule).</summary>
    protected abstract Task<long> CountWhereAsync(string table, string where, PersonKey person);

    private const string OwnRows = "platform=@p AND workspace=@w AND user_id=@u";

    /// <summary>For each table, which of its rows are about a person. Forget must leave none of them; a new table must be added here (or to <see cref="TablesAboutNoOne"/>).</summary>
    protected static readonly IReadOnlyDictionary<string, string> RowsAboutPerson = new Dictionary<string, string>
    {
        ["sessions"] = OwnRows,
        ["settings"] = OwnRows,
        ["streaks"] = OwnRows,
        ["stories"] = OwnRows,
        ["assessments"] = OwnRows,
        ["events"] = OwnRows,
        ["schedules"] = "platform=@p AND workspace=@w AND (user_id=@u OR owner=@u)",
        ["deliveries"] = "schedule_id = @sid OR schedule_id IN (SELECT id FROM schedules WHERE platform=@p AND workspace=@w AND user_id=@u)",
        ["mocks"] = "platform=@p AND workspace=@w AND (interviewer=@u OR candidate=@u)",
        ["mock_queue"] = OwnRows,
        ["mock_roles"] = OwnRows,
        ["inbox"] = OwnRows,
        ["outbox"] = OwnRows,
    };

    /// <summary>Tables that hold nothing about a person.</summary>
    protected static readonly IReadOnlyList<string> TablesAboutNoOne = ["schema_version", "mock_channels", "transport_state"];

    protected async Task<IReadOnlyDictionary<string, long>> RowsAboutAsync(PersonKey person)
    {
        var counts = new Dictionary<string, long>();
        foreach ((string table, string where) in RowsAboutPerson)
        {
            counts[table] = await CountWhereAsync(table, where, person);
        }
        return counts;
    }

    protected async Task<ICoachStore> StoreAsync()
    {
        ICoachStore store = CreateStore();
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (ICoachStore store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable a:
                    await a.DisposeAsync();
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }
    }

    protected static PersonKey NewPerson(string platform = Platforms.Slack) => new(platform, "T01", "U" + Guid.NewGuid().ToString("N")[..10]);

    protected static string NewEvent() => "slack:Ev" + Guid.NewGuid().ToString("N");

    protected static SessionState Session(string situation, StarPart? awaiting = StarPart.Task, DateTimeOffset? at = null) => new()
    {
        Mode = SessionMode.Answering,
        Target = Level.L7,
        Principle = "ownership",
        QuestionId = "own-1",
        Question = "Tell me about a time you took on something outside your area.",
        Awaiting = awaiting,
        Situation = situation,
        Done = [StarPart.Situation],
        Channel = "D123",
        Direct = true,
        Probes = ["How did you attribute the $12M?"],
        StartedAt = T0,
        LastActivity = at ?? T0.AddMinutes(1),
    };

    protected static StoryRecord Story(PersonKey person, long id, DateTimeOffset at, string situation = "Checkout lost $2M a year.", string? principle = "ownership") => new(
        id, person, principle, principle is null ? null : "own-1", "Tell me about a time…", Level.L6,
        new StarAnswer(situation, "Own the fix by Q3.", "I led 3 teams and 25 engineers; “quoted” text, emoji 😬, $1.2M.", "p99 fell from 4.2 s to 0.9 s; we saved $1.5M a year."),
        ReadsAs.L6, Fit.OnTarget, 0.6875,
        new Dictionary<Dimension, Band> { [Dimension.Impact] = Band.L6, [Dimension.Teams] = Band.L6, [Dimension.Visibility] = Band.NotShown, [Dimension.Hiring] = Band.BelowL6 },
        at, "practice");

    [StoreFact]
    public async Task Commits_made_at_once_each_get_the_outcome_they_would_get_alone()
    {
        ICoachStore store = await StoreAsync();
        var delivery = (IDeliveryStore)store;
        string platform = "group-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey[] people = [.. Enumerable.Range(0, 24).Select(_ => NewPerson(platform))];
        string[] events = [.. people.Select(_ => NewEvent())];
        string conflictEvent = NewEvent();
        // every person's first turn at once; beside them each of the first six events a second time (a platform's
        // redelivery handled twice at once) and one turn that loaded a session version nobody has
        var commits = new List<Task<CommitOutcome>>();
        for (int i = 0; i < people.Length; i++)
        {
            var turn = new Commit(people[i], events[i], T0, SaveSession: true, Session: Session("first " + i),
                Replies: [new Outgoing(Visibility.Channel, "D" + i, null, people[i].User, "reply " + i)]);
            commits.Add(store.CommitAsync(turn));
            if (i < 6)
            {
                commits.Add(store.CommitAsync(turn));
            }
        }
        commits.Add(store.CommitAsync(new Commit(people[^1], conflictEvent, T0, SaveSession: true, Session: Session("lost"), ExpectedVersion: 12345,
            Replies: [new Outgoing(Visibility.Channel, "Dx", null, people[^1].User, "lost")])));
        CommitOutcome[] outcomes = await Task.WhenAll(commits);

        Assert.Equal(people.Length, outcomes.Count(o => o == CommitOutcome.Committed));
        Assert.Equal(6, outcomes.Count(o => o == CommitOutcome.Duplicate));
        Assert.Equal(CommitOutcome.Conflict, outcomes[^1]);
        for (int i = 0; i < people.Length; i++)
        {
            Assert.Equal("first " + i, (await store.LoadAsync(people[i])).Session?.Situation);
        }
        // one reply per event, from whichever copy committed; nothing from the conflict
        DateTimeOffset later = T0.AddHours(1);
        IReadOnlyList<OutboxEntry> unsent = await delivery.ClaimUnsentAsync(platform, later, later, 100);
        Assert.Equal(events.Order(StringComparer.Ordinal), unsent.Select(e => e.EventKey).Order(StringComparer.Ordinal));
        Assert.All(unsent, e => Assert.Equal(0, e.Seq));
        // the conflict was undone whole: its event is not taken for handled, so the turn tried again commits
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(people[^1], conflictEvent, T0, Replies: [])));
    }

    private static async Task<long> CreateSessionAsync(ICoachStore store, PersonKey person, string situation = "first")
    {
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(person, NewEvent(), T0, SaveSession: true, Session: Session(situation))));
        return (await store.LoadAsync(person)).SessionVersion;
    }

    [StoreFact]
    public async Task An_unknown_person_loads_empty_and_a_commit_round_trips()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();

        PersonState empty = await store.LoadAsync(ada);
        Assert.Null(empty.Session);
        Assert.Equal(0, empty.SessionVersion);
        Assert.Equal(PersonSettings.Default, empty.Settings);
        Assert.Equal(Streak.None, empty.Streak);

        SessionState session = Session("Our payments platform put $40M at risk.") with
        {
            Thread = "1700000000.000100", ResumeMode = SessionMode.Probing, StoryId = 42,
            // which message gave which part, so an edit or a deletion finds it after a restart
            PartMessages = [new PartMessage("D123:1700000000.000200", StarPart.Situation, "Our payments platform put $40M at risk.")],
        };
        var commit = new Commit(ada, NewEvent(), T0.AddMinutes(1), SaveSession: true, Session: session, ExpectedVersion: 0,
            Settings: new PersonSettings(Level.L7, T0), Streak: new Streak(3, 5, new DateOnly(2026, 3, 2)));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(commit));

        PersonState loaded = await store.LoadAsync(ada);
        Assert.True(loaded.SessionVersion > 0);
        AssertSameSession(session, loaded.Session);
        Assert.Equal(new PersonSettings(Level.L7, T0), loaded.Settings);
        Assert.Equal(new Streak(3, 5, new DateOnly(2026, 3, 2)), loaded.Streak);

        // another store instance on the same database sees the same
        ICoachStore other = await StoreAsync();
        PersonState again = await other.LoadAsync(ada);
        Assert.Equal(loaded.SessionVersion, again.SessionVersion);
        AssertSameSession(session, again.Session);
    }

    [StoreFact]
    public async Task A_handled_event_again_is_a_duplicate_and_changes_nothing()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        string eventKey = NewEvent();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, eventKey, T0, SaveSession: true, Session: Session("first"),
            Settings: new PersonSettings(Level.L6, T0))));
        PersonState before = await store.LoadAsync(ada);

        CommitOutcome again = await store.CommitAsync(new Commit(ada, eventKey, T0.AddMinutes(1), SaveSession: true, Session: Session("second"),
            ExpectedVersion: before.SessionVersion, Settings: new PersonSettings(Level.L7, T0), NewStory: Story(ada, 1001, T0), Streak: new Streak(1, 1, new DateOnly(2026, 3, 2))));
        Assert.Equal(CommitOutcome.Duplicate, again);

        PersonState after = await store.LoadAsync(ada);
        Assert.Equal(before.SessionVersion, after.SessionVersion);
        Assert.Equal("first", after.Session!.Situation);
        Assert.Equal(Level.L6, after.Settings.Target);
        Assert.Equal(Streak.None, after.Streak);
        Assert.Empty(await store.ListStoriesAsync(ada));
        Assert.Equal(1, (await CountRowsAsync(store, ada))["events"]);

        // a commit with no event key is never a duplicate
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, null, T0, Settings: new PersonSettings(Level.L7, T0))));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, null, T0, Settings: new PersonSettings(Level.L7, T0))));
    }

    [StoreFact]
    public async Task A_moved_version_is_a_conflict_that_writes_nothing_and_a_reload_then_succeeds()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        long v1 = await CreateSessionAsync(store, ada);

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("second"), ExpectedVersion: v1)));
        long v2 = (await store.LoadAsync(ada)).SessionVersion;
        Assert.NotEqual(v1, v2);

        // a writer that loaded v1 is too late, and nothing of its commit is kept (not even its event key)
        string late = NewEvent();
        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(new Commit(ada, late, T0, SaveSession: true, Session: Session("stale"), ExpectedVersion: v1,
            Settings: new PersonSettings(Level.L7, T0), NewStory: Story(ada, 2001, T0))));
        // creating a session that already exists is a conflict too
        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("create again"), ExpectedVersion: 0)));

        PersonState now = await store.LoadAsync(ada);
        Assert.Equal(v2, now.SessionVersion);
        Assert.Equal("second", now.Session!.Situation);
        Assert.Equal(PersonSettings.Default, now.Settings);
        Assert.Empty(await store.ListStoriesAsync(ada));

        // the engine's retry: reload, apply again with the same event key
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, late, T0, SaveSession: true, Session: Session("retried"), ExpectedVersion: now.SessionVersion)));
        Assert.Equal("retried", (await store.LoadAsync(ada)).Session!.Situation);
    }

    [StoreFact]
    public async Task A_session_is_deleted_only_at_its_version()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        long v1 = await CreateSessionAsync(store, ada);
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("second"), ExpectedVersion: v1)));

        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: v1)));
        PersonState current = await store.LoadAsync(ada);
        Assert.NotNull(current.Session);

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: current.SessionVersion)));
        PersonState gone = await store.LoadAsync(ada);
        Assert.Null(gone.Session);
        Assert.Equal(0, gone.SessionVersion);
        Assert.Equal(0, (await CountRowsAsync(store, ada))["sessions"]);

        // deleting a session that is not there (loaded as none) is fine; a new one can start
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: 0)));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("new"), ExpectedVersion: 0)));
        Assert.Equal("new", (await store.LoadAsync(ada)).Session!.Situation);
    }

    [StoreFact]
    public async Task Settings_and_streaks_are_upserted_and_first_seen_is_kept()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Settings: new PersonSettings(Level.L6, null))));
        Assert.Equal(new PersonSettings(Level.L6, null), (await store.LoadAsync(ada)).Settings);

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Settings: new PersonSettings(Level.L7, T0.AddHours(1)))));
        Assert.Equal(new PersonSettings(Level.L7, T0.AddHours(1)), (await store.LoadAsync(ada)).Settings);

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Settings: new PersonSettings(Level.L6, T0.AddDays(3)))));
        PersonSettings settings = (await store.LoadAsync(ada)).Settings;
        Assert.Equal(Level.L6, settings.Target);
        Assert.Equal(T0.AddHours(1), settings.FirstSeen); // the first time seen never moves

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Streak: new Streak(1, 1, new DateOnly(2026, 3, 1)))));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Streak: new Streak(2, 4, new DateOnly(2026, 3, 2)))));
        Assert.Equal(new Streak(2, 4, new DateOnly(2026, 3, 2)), (await store.LoadAsync(ada)).Streak);
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Streak: new Streak(0, 4, null))));
        Assert.Equal(new Streak(0, 4, null), (await store.LoadAsync(ada)).Streak);

        IReadOnlyDictionary<string, long> counts = await CountRowsAsync(store, ada);
        Assert.Equal(1, counts["settings"]);
        Assert.Equal(1, counts["streaks"]);
    }

    [StoreFact]
    public async Task Stories_round_trip_with_their_assessment_in_time_order()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        PersonKey bob = NewPerson();
        StoryRecord late = Story(ada, 3003, T0.AddDays(2), "third") with { Source = "review", Fit = Fit.ThinkingTooSmall, ReadsAs = ReadsAs.BetweenL6L7, Target = Level.L7 };
        StoryRecord early = Story(ada, 3001, T0, "first", principle: null);
        StoryRecord middle = Story(ada, 3002, T0.AddDays(1).AddMilliseconds(123), "second");
        StoryRecord sameTimeLowerId = Story(ada, 2999, T0.AddDays(1).AddMilliseconds(123), "second, lower id");
        foreach (StoryRecord s in (StoryRecord[])[late, early, middle, sameTimeLowerId, Story(bob, 3004, T0, "bob's")])
        {
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(s.Person, NewEvent(), s.CreatedAt, NewStory: s)));
        }

        IReadOnlyList<StoryRecord> stories = await store.ListStoriesAsync(ada);
        Assert.Equal([3001L, 2999L, 3002L, 3003L], stories.Select(s => s.Id));
        AssertSameStory(early, stories[0]);
        AssertSameStory(sameTimeLowerId, stories[1]);
        AssertSameStory(middle, stories[2]);
        AssertSameStory(late, stories[3]);
        Assert.Equal(4, (await CountRowsAsync(store, ada))["assessments"]);
        Assert.Equal("bob's", Assert.Single(await store.ListStoriesAsync(bob)).Answer.Situation);
    }

    [StoreFact]
    public async Task A_story_is_deleted_only_by_its_owner()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        PersonKey eve = NewPerson();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, NewStory: Story(ada, 4001, T0))));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, NewStory: Story(ada, 4002, T0.AddMinutes(1)))));

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(eve, NewEvent(), T0, DeleteStoryId: 4001)));
        Assert.Equal([4001L, 4002L], (await store.ListStoriesAsync(ada)).Select(s => s.Id));

        // the same user id on another platform is another person
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada with { Platform = Platforms.Discord }, NewEvent(), T0, DeleteStoryId: 4001)));
        Assert.Equal(2, (await store.ListStoriesAsync(ada)).Count);

        // deleting and adding in one commit (a redone answer replaces its earlier version)
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, DeleteStoryId: 4001, NewStory: Story(ada, 4003, T0.AddMinutes(2)))));
        Assert.Equal([4002L, 4003L], (await store.ListStoriesAsync(ada)).Select(s => s.Id));
        IReadOnlyDictionary<string, long> counts = await CountRowsAsync(store, ada);
        Assert.Equal(2, counts["stories"]);
        Assert.Equal(2, counts["assessments"]);
    }

    [StoreFact]
    public async Task Forget_leaves_no_row_about_the_person_and_keeps_everyone_else()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        PersonKey bob = NewPerson();
        PersonKey adaOnDiscord = ada with { Platform = Platforms.Discord };
        foreach (PersonKey p in (PersonKey[])[ada, bob, adaOnDiscord])
        {
            long id = Random.Shared.NextInt64(1, long.MaxValue);
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(p, NewEvent(), T0, SaveSession: true, Session: Session("s"),
                Settings: new PersonSettings(Level.L7, T0), NewStory: Story(p, id, T0), Streak: new Streak(1, 1, new DateOnly(2026, 3, 2)))));
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(p, NewEvent(), T0, NewStory: Story(p, id - 1, T0.AddMinutes(1)))));
        }

        foreach (PersonKey p in (PersonKey[])[ada, bob, adaOnDiscord])
        {
            await AddScheduleAndMockRowsAsync(store, p);
            await AddDeliveryRowsAsync(store, p);
        }

        // every table in the schema is either about people (with a rule saying which rows) or about no one
        IReadOnlyList<string> all = await AllTablesAsync();
        Assert.Equal(RowsAboutPerson.Keys.Concat(TablesAboutNoOne).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        // every table with a user_id column has a rule, and the store's own count covers its core tables
        Assert.Subset(RowsAboutPerson.Keys.ToHashSet(), (await TablesAboutPeopleAsync()).ToHashSet());
        Assert.Subset(RowsAboutPerson.Keys.ToHashSet(), PersonTables.ToHashSet());
        IReadOnlyDictionary<string, long> before = await RowsAboutAsync(ada);
        Assert.All(before, kv => Assert.True(kv.Value > 0, kv.Key));
        IReadOnlyDictionary<string, long> storeCount = await CountRowsAsync(store, ada);
        Assert.All(PersonTables, t => Assert.True(storeCount[t] > 0, t));

        await store.ForgetAsync(ada);

        IReadOnlyDictionary<string, long> gone = await RowsAboutAsync(ada);
        Assert.All(gone, kv => Assert.True(kv.Value == 0, $"{kv.Key} still has {kv.Value} rows about the person"));
        Assert.All(await CountRowsAsync(store, ada), kv => Assert.True(kv.Value == 0, $"{kv.Key} still has {kv.Value} rows about the person (store count)"));
        Assert.Equal(PersonState.New(ada), await store.LoadAsync(ada));
        Assert.Empty(await store.ListStoriesAsync(ada));
        var schedules = (IScheduleStore)store;
        Assert.Null(await schedules.GetScheduleAsync(DailySchedule.IdFor(ada.Platform, ada.Workspace, "", ada.User)));
        // the channel's schedule stays, its owner blanked, its deliveries the channel's
        DailySchedule channel = Assert.IsType<DailySchedule>(await schedules.GetScheduleAsync(ChannelScheduleId(ada)));
        Assert.Equal("", channel.Owner);
        Assert.Single(await schedules.ListDeliveriesAsync(ChannelScheduleId(ada), 10));
        var mocks = (IMockStore)store;
        Assert.Null(await mocks.LastRoleAsync(ada.Platform, ada.Workspace, ada.User));
        foreach (PersonKey other in (PersonKey[])[bob, adaOnDiscord])
        {
            IReadOnlyDictionary<string, long> kept = await CountRowsAsync(store, other);
            Assert.All(kept, kv => Assert.True(kv.Value > 0, $"{kv.Key} lost {other}'s rows"));
            Assert.All(await RowsAboutAsync(other), kv => Assert.True(kv.Value > 0, $"{kv.Key} lost {other}'s rows"));
            Assert.Equal(2, (await store.ListStoriesAsync(other)).Count);
            Assert.Equal("candidate", await mocks.LastRoleAsync(other.Platform, other.Workspace, other.User));
            Assert.Equal(other.User, (await schedules.GetScheduleAsync(ChannelScheduleId(other)))!.Owner);
        }

        // forgetting someone unknown is harmless
        await store.ForgetAsync(NewPerson());
    }

    [StoreFact]
    public async Task A_version_is_never_reused_so_a_writer_from_before_a_delete_cannot_overwrite_a_new_session()
    {
        ICoachStore store = await StoreAsync();
        for (int round = 0; round < 5; round++)
        {
            PersonKey ada = NewPerson();
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("old practice"))));
            long old = (await store.LoadAsync(ada)).SessionVersion;
            Assert.True(old > 0);
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: old)));
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("new practice"))));
            long fresh = (await store.LoadAsync(ada)).SessionVersion;
            Assert.True(fresh > 0);
            Assert.NotEqual(old, fresh);

            // a writer that loaded the old practice is too late, also for a delete
            Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("stale"), ExpectedVersion: old)));
            Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: old)));
            Assert.Equal("new practice", (await store.LoadAsync(ada)).Session!.Situation);
        }
    }

    [StoreFact]
    public async Task The_open_session_count_follows_starts_and_ends_on_every_instance()
    {
        ICoachStore store = await StoreAsync();
        var other = (IStoreStats)await StoreAsync();
        long before = await other.CountSessionsAsync();
        PersonKey ada = NewPerson(), bob = NewPerson();
        long v = await CreateSessionAsync(store, ada);
        await CreateSessionAsync(store, bob);
        Assert.Equal(before + 2, await other.CountSessionsAsync());
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: null, ExpectedVersion: v)));
        Assert.Equal(before + 1, await ((IStoreStats)store).CountSessionsAsync());
    }

    [StoreFact]
    public async Task Migrations_are_idempotent()
    {
        ICoachStore store = await StoreAsync();
        PersonKey ada = NewPerson();
        await CreateSessionAsync(store, ada, "kept");
        await store.InitializeAsync();
        await store.InitializeAsync();
        ICoachStore second = await StoreAsync();
        Assert.Equal("kept", (await second.LoadAsync(ada)).Session!.Situation);
        Assert.Equal(CommitOutcome.Committed, await second.CommitAsync(new Commit(ada, NewEvent(), T0, NewStory: Story(ada, 5001, T0))));
        Assert.Single(await store.ListStoriesAsync(ada));
    }

    [StoreFact]
    public async Task Two_concurrent_committers_on_one_session_exactly_one_wins_each_version()
    {
        ICoachStore a = await StoreAsync();
        ICoachStore b = await StoreAsync();
        PersonKey ada = NewPerson();
        await CreateSessionAsync(a, ada);
        for (int round = 0; round < 15; round++)
        {
            PersonState fromA = await a.LoadAsync(ada);
            PersonState fromB = await b.LoadAsync(ada);
            Assert.Equal(fromA.SessionVersion, fromB.SessionVersion);
            string eventA = NewEvent(), eventB = NewEvent();
            CommitOutcome[] outcomes = await Task.WhenAll(
                Task.Run(() => a.CommitAsync(new Commit(ada, eventA, T0, SaveSession: true, Session: Session($"a{round}"), ExpectedVersion: fromA.SessionVersion))),
                Task.Run(() => b.CommitAsync(new Commit(ada, eventB, T0, SaveSession: true, Session: Session($"b{round}"), ExpectedVersion: fromB.SessionVersion))));
            Assert.Equal(1, outcomes.Count(o => o == CommitOutcome.Committed));
            Assert.Equal(1, outcomes.Count(o => o == CommitOutcome.Conflict));

            PersonState after = await b.LoadAsync(ada);
            Assert.NotEqual(fromA.SessionVersion, after.SessionVersion);
            string winner = outcomes[0] == CommitOutcome.Committed ? $"a{round}" : $"b{round}";
            Assert.Equal(winner, after.Session!.Situation);

            // the loser retries on the new version and its part is kept too
            ICoachStore loser = outcomes[0] == CommitOutcome.Committed ? b : a;
            string loserEvent = outcomes[0] == CommitOutcome.Committed ? eventB : eventA;
            Assert.Equal(CommitOutcome.Committed, await loser.CommitAsync(new Commit(ada, loserEvent, T0, SaveSession: true,
                Session: Session(winner + "+retry"), ExpectedVersion: after.SessionVersion)));
        }
        Assert.Equal(1 + 15 * 2, (await CountRowsAsync(a, ada))["events"]);
    }

    [StoreFact]
    public async Task The_same_event_committed_twice_at_once_is_handled_once()
    {
        ICoachStore a = await StoreAsync();
        ICoachStore b = await StoreAsync();
        PersonKey ada = NewPerson();
        for (int round = 0; round < 10; round++)
        {
            string eventKey = NewEvent();
            long id = 6000 + round;
            CommitOutcome[] outcomes = await Task.WhenAll(
                Task.Run(() => a.CommitAsync(new Commit(ada, eventKey, T0, NewStory: Story(ada, id, T0.AddMinutes(round))))),
                Task.Run(() => b.CommitAsync(new Commit(ada, eventKey, T0, NewStory: Story(ada, id, T0.AddMinutes(round))))));
            Assert.Equal(1, outcomes.Count(o => o == CommitOutcome.Committed));
            Assert.Equal(1, outcomes.Count(o => o == CommitOutcome.Duplicate));
        }
        Assert.Equal(10, (await a.ListStoriesAsync(ada)).Count);
    }

    protected static void AssertSameSession(SessionState expected, SessionState? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Done = [], Probes = [], PartMessages = [] }, actual with { Done = [], Probes = [], PartMessages = [] });
        Assert.Equal(expected.Done, actual.Done);
        Assert.Equal(expected.Probes, actual.Probes);
        Assert.Equal(expected.PartMessages, actual.PartMessages);
    }

    protected static void AssertSameStory(StoryRecord expected, StoryRecord actual)
    {
        Assert.Equal(expected with { Bands = EmptyBands }, actual with { Bands = EmptyBands });
        Assert.Equal(expected.Bands.OrderBy(kv => kv.Key), actual.Bands.OrderBy(kv => kv.Key));
        Assert.Equal(expected.CreatedAt.UtcTicks, actual.CreatedAt.UtcTicks);
    }

    private static readonly IReadOnlyDictionary<Dimension, Band> EmptyBands = new Dictionary<Dimension, Band>();
}
