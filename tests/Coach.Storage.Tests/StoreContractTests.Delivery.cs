using Coach.Core.Conversation;
using Coach.Core.Storage;

namespace Coach.Storage.Tests;

/// <summary>The inbox and the outbox (<see cref="IDeliveryStore"/>), on every store.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private protected static InboxEntry Inbound(PersonKey person, string? key = null, DateTimeOffset? at = null, string platform = Platforms.Slack) =>
        new(key ?? NewEvent(), person with { Platform = platform }, "{\"text\":\"Situation: “quoted” 😬 $1.2M\"}", at ?? T0);

    private protected static Outgoing Reply(string text, string channel = "D123") => new(Visibility.Channel, channel, null, "U1", text,
        new Card("Feedback", Tone.Good, "Body", [new CardField("Impact", "L6", "“$1.2M a year”")], [new CardBar("Situation", 6, 30, 45, "6 s")],
            [new CardList("Changes", ["One", "Two"])], "Footer"),
        [new ActionButton("coach:skip", "Skip", ButtonStyle.Primary, "v")]);

    /// <summary>An inbox event and an outbox reply about the person (for the forget test).</summary>
    protected static async Task AddDeliveryRowsAsync(ICoachStore store, PersonKey p)
    {
        var delivery = (IDeliveryStore)store;
        Assert.Equal([true], await delivery.AddToInboxAsync([Inbound(p) with { Person = p }]));
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(p, NewEvent(), T0, Replies: [Reply("kept until sent")])));
    }

    [StoreFact]
    public async Task An_event_goes_into_the_inbox_once_and_leaves_it_when_handled()
    {
        var store = (IDeliveryStore)await StoreAsync();
        PersonKey ada = NewPerson();
        InboxEntry first = Inbound(ada), second = Inbound(ada);
        Assert.Equal([true, true, false], await store.AddToInboxAsync([first, second, first with { Payload = "{}" }]));
        Assert.Equal([false, true], await store.AddToInboxAsync([second, Inbound(ada)]));
        // handled: the row leaves (a redelivery after that is the engine's to recognise, by its record of handled events)
        await store.MarkHandledAsync([first.Key]);
        Assert.Equal([true, false], await store.AddToInboxAsync([first, second]));
    }

    [StoreFact]
    public async Task Events_stored_while_turns_commit_at_once_are_each_stored_once_and_a_repeat_is_known()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        PersonKey[] people = [.. Enumerable.Range(0, 8).Select(_ => NewPerson())];
        InboxEntry[] events = [.. Enumerable.Range(0, 12).Select(i => Inbound(people[i % people.Length]))];

        // each event twice at once (a redelivery racing the first), beside other turns committing with replies and marks
        Task<IReadOnlyList<bool>>[] adds = [.. events.Concat(events).Select(e => Task.Run(() => store.AddToInboxAsync([e])))];
        string[] turns = [.. events.Select(_ => NewEvent())];
        Task<CommitOutcome>[] commits = [.. events.Select((e, i) => Task.Run(() =>
            coach.CommitAsync(new Commit(e.Person, turns[i], T0, Replies: [Reply("reply " + i)]))))];
        Task[] marks = [.. turns.Select(k => Task.Run(() => store.MarkSentAsync([new SentReply(k, 0)])))];
        await Task.WhenAll([.. adds, .. commits, .. marks]);

        for (int i = 0; i < events.Length; i++)
        {
            bool first = Assert.Single(await adds[i]), second = Assert.Single(await adds[i + events.Length]);
            Assert.True(first ^ second, $"event {i} was taken as new {(first && second ? "twice" : "never")}");
        }
        Assert.All(await Task.WhenAll(commits), c => Assert.Equal(CommitOutcome.Committed, c));
        Assert.All(await store.AddToInboxAsync(events), Assert.False);
    }

    [StoreFact]
    public async Task Unhandled_events_are_claimed_once_their_claim_is_stale_oldest_first_and_never_twice_at_once()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        var other = (IDeliveryStore)await StoreAsync();
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson();
        InboxEntry late = Inbound(ada, at: T0.AddSeconds(2), platform: platform);
        InboxEntry early = Inbound(ada, at: T0, platform: platform);
        InboxEntry handled = Inbound(ada, at: T0.AddSeconds(1), platform: platform);
        InboxEntry elsewhere = Inbound(ada, at: T0, platform: platform + "-other");
        Assert.All(await store.AddToInboxAsync([late, early, handled, elsewhere]), Assert.True);
        await store.MarkHandledAsync([handled.Key]);

        // the worker that stored them is still within its lease: nothing is taken
        Assert.Empty(await store.ClaimUnhandledAsync(platform, T0, T0.AddSeconds(5), 10));

        DateTimeOffset now = T0.AddSeconds(2) + Lease + TimeSpan.FromSeconds(1);
        IReadOnlyList<InboxEntry>[] both = await Task.WhenAll(
            store.ClaimUnhandledAsync(platform, now - Lease, now, 10), other.ClaimUnhandledAsync(platform, now - Lease, now, 10));
        IReadOnlyList<InboxEntry> taken = both.Single(b => b.Count > 0);
        Assert.Empty(both.Single(b => !ReferenceEquals(b, taken)));
        Assert.Equal([early.Key, late.Key], taken.Select(e => e.Key));
        Assert.Equal(early.Payload, taken[0].Payload);
        Assert.Equal(ada with { Platform = platform }, taken[0].Person);
        Assert.Equal(T0, taken[0].ReceivedAt);

        // claimed now: not again until that claim is stale in turn, then again (its worker died too)
        Assert.Empty(await store.ClaimUnhandledAsync(platform, now - Lease, now, 10));
        DateTimeOffset later = now + Lease + TimeSpan.FromSeconds(1);
        Assert.Single(await store.ClaimUnhandledAsync(platform, later - Lease, later, 1));
        await store.MarkHandledAsync([early.Key, late.Key]);
        DateTimeOffset muchLater = later + Lease * 3;
        Assert.Empty(await store.ClaimUnhandledAsync(platform, muchLater - Lease, muchLater, 10));
        Assert.Single(await store.ClaimUnhandledAsync(platform + "-other", muchLater - Lease, muchLater, 10));
    }

    [StoreFact]
    public async Task Replies_are_saved_with_the_commit_claimed_in_order_and_no_longer_once_sent()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        PersonKey ada = NewPerson(platform: "test-" + Guid.NewGuid().ToString("N")[..8]);
        string first = NewEvent(), second = NewEvent();
        Outgoing card = Reply("Feedback on your answer");
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, first, T0, SaveSession: true, Session: Session("s"), Replies: [Reply("one"), card])));
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, second, T0.AddSeconds(1), Replies: [Reply("three")])));
        // a duplicate and a conflict write no reply
        Assert.Equal(CommitOutcome.Duplicate, await coach.CommitAsync(new Commit(ada, first, T0, Replies: [Reply("twice")])));
        Assert.Equal(CommitOutcome.Conflict, await coach.CommitAsync(new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("x"), ExpectedVersion: 12345, Replies: [Reply("lost")])));

        Assert.Empty(await store.ClaimUnsentAsync(ada.Platform, T0, T0.AddSeconds(2), 10));
        DateTimeOffset now = T0.AddSeconds(1) + Lease + TimeSpan.FromSeconds(1);
        IReadOnlyList<OutboxEntry> unsent = await store.ClaimUnsentAsync(ada.Platform, now - Lease, now, 10);
        Assert.Equal([(first, 0), (first, 1), (second, 0)], unsent.Select(e => (e.EventKey, e.Seq)));
        Assert.Equal(["one", "Feedback on your answer", "three"], unsent.Select(e => e.Message.Text));
        Assert.Equal(ada, unsent[0].Person);
        Assert.Equal(T0, unsent[0].CreatedAt);
        // the whole reply comes back as it went in: card, quotes, bars, lists, buttons
        Outgoing back = unsent[1].Message;
        Assert.Equal(card.Visibility, back.Visibility);
        Assert.Equal(card.Card!.Title, back.Card!.Title);
        Assert.Equal(card.Card.Fields, back.Card.Fields);
        Assert.Equal(card.Card.Bars, back.Card.Bars);
        Assert.Equal(card.Card.Lists.Single().Items, back.Card.Lists.Single().Items);
        Assert.Equal(card.ButtonsOrEmpty, back.ButtonsOrEmpty);

        await store.MarkSentAsync([new SentReply(first, 0), new SentReply(first, 1)]);
        await store.MarkSentAsync([new SentReply(first, 0)]); // marked again (a mark sent twice): nothing changes
        DateTimeOffset later = now + Lease + TimeSpan.FromSeconds(1);
        OutboxEntry left = Assert.Single(await store.ClaimUnsentAsync(ada.Platform, later - Lease, later, 10));
        Assert.Equal((second, 0), (left.EventKey, left.Seq));
    }

    [StoreTheory]
    [InlineData(1)]
    [InlineData(6)]  // PostgreSQL: eight replies marked sent, the most it writes one statement each
    [InlineData(40)] // PostgreSQL: one statement over arrays for each kind of mark
    public async Task Marks_written_at_once_take_out_exactly_their_rows_few_or_many(int count)
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform);
        string[] turns = [.. Enumerable.Range(0, count).Select(_ => NewEvent())];
        foreach (string turn in turns)
        {
            Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, turn, T0, Replies: [Reply("first"), Reply("second")])));
        }
        InboxEntry[] events = [.. Enumerable.Range(0, count + 1).Select(i => Inbound(ada, at: T0.AddSeconds(i), platform: platform))];
        Assert.All(await store.AddToInboxAsync(events), Assert.True);

        // each turn's first reply sent (one of them marked twice, and one mark for a row that was never there), every event
        // but the last handled, all in one write
        SentReply[] sent = [.. turns.Select(t => new SentReply(t, 0)), new SentReply(turns[0], 0), new SentReply(NewEvent(), 0)];
        Assert.Empty(await store.RecordDeliveriesAsync(new DeliveryBatch([], sent, [.. events.SkipLast(1).Select(e => e.Key)])));

        DateTimeOffset now = T0.AddHours(1);
        IReadOnlyList<OutboxEntry> unsent = await store.ClaimUnsentAsync(platform, now, now, 2 * count + 10);
        Assert.Equal(turns.Order(StringComparer.Ordinal), unsent.Select(e => e.EventKey).Order(StringComparer.Ordinal));
        Assert.All(unsent, e => Assert.Equal((1, "second"), (e.Seq, e.Message.Text)));
        Assert.Equal([events[^1].Key], (await store.ClaimUnhandledAsync(platform, now, now, count + 10)).Select(e => e.Key));
    }

    [StoreFact]
    public async Task A_commit_that_keeps_replies_marks_its_event_handled_and_marks_ride_with_new_events_in_one_write()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform);
        InboxEntry answered = Inbound(ada, platform: platform), quiet = Inbound(ada, platform: platform), waiting = Inbound(ada, platform: platform);
        InboxEntry next = Inbound(ada, platform: platform);
        Assert.Equal([true, true, true], await store.AddToInboxAsync([answered, quiet, waiting]));
        // the turn's commit marks its own event handled, with or without replies; a commit that keeps none marks nothing
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, answered.Key, T0, Replies: [Reply("one")])));
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, NewEvent(), T0)));

        // one write: the reply marked sent, the quiet event handled, a new event stored (and one still waiting reported)
        Assert.Equal([true, false], await store.RecordDeliveriesAsync(new DeliveryBatch([next, waiting], [new SentReply(answered.Key, 0)], [quiet.Key])));
        DateTimeOffset now = T0.AddHours(1);
        Assert.Equal(new[] { waiting.Key, next.Key }.Order(StringComparer.Ordinal), (await store.ClaimUnhandledAsync(platform, now, now, 10)).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await store.ClaimUnsentAsync(platform, now, now, 10));
    }

    [StoreFact]
    public async Task A_queued_event_rides_in_its_own_turns_commit_and_another_not_handled_yet_waits_in_the_inbox()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform), bea = NewPerson(platform);
        InboxEntry own = Inbound(ada, platform: platform), other = Inbound(bea, platform: platform);

        Task<IReadOnlyList<bool>> ownStored = store.QueueDeliveriesAsync(new DeliveryBatch([own], [], []));
        Task<IReadOnlyList<bool>> otherStored = store.QueueDeliveriesAsync(new DeliveryBatch([other], [], []));
        // the turn of the first: its commit stores its own event as handled at once; the second is stored by that commit
        // or (SQLite, which holds another turn's event for that turn a while) by a later write, and waits in the inbox
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, own.Key, T0, Replies: [Reply("hello")])));
        Assert.Equal([true], await ownStored.WaitAsync(TimeSpan.FromSeconds(10)));
        LetHeldEventsGo(); // the second's turn never comes
        for (int round = 0; round < 3 && !otherStored.IsCompleted && await store.WriteQueuedAsync(); round++)
        {
        }
        Assert.Equal([true], await otherStored.WaitAsync(TimeSpan.FromSeconds(10)));
        DateTimeOffset now = T0.AddHours(1);
        Assert.Equal([other.Key], (await store.ClaimUnhandledAsync(platform, now, now, 10)).Select(e => e.Key));
        Assert.Equal([own.Key], (await store.ClaimUnsentAsync(platform, now, now, 10)).Select(e => e.EventKey));
        Assert.False(await store.WriteQueuedAsync());
    }

    [StoreFact]
    public async Task An_event_handled_in_the_commit_it_rode_in_and_then_stored_again_leaves_the_inbox_with_the_second_mark()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform);
        InboxEntry first = Inbound(ada, platform: platform);
        Task<IReadOnlyList<bool>> stored = store.QueueDeliveriesAsync(new DeliveryBatch([first], [], []));
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, first.Key, T0, Replies: [Reply("hello")])));
        Assert.Equal([true], await stored.WaitAsync(TimeSpan.FromSeconds(10)));

        // the platform sends it again and it is stored before the first handling's mark is written; each handling marks
        // it once (the second after the engine has dropped it as a repeat), and then nothing is left waiting
        Assert.Equal([true], await store.RecordDeliveriesAsync(new DeliveryBatch([first with { ReceivedAt = T0.AddSeconds(5) }], [], [])));
        await store.MarkHandledAsync([first.Key]);
        await store.MarkHandledAsync([first.Key]);
        DateTimeOffset now = T0.AddHours(1);
        Assert.Empty(await store.ClaimUnhandledAsync(platform, now, now, 10));
    }

    [StoreFact]
    public async Task An_event_queued_alone_is_acknowledged_by_its_own_turns_commit_and_its_marks_ride_in_the_next_commit()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform), bea = NewPerson(platform);
        string answered = NewEvent();
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, answered, T0, Replies: [Reply("one")])));

        // Bea's event comes with the mark that Ada's reply was sent (as the transport queues them); it is held for its turn
        InboxEntry beas = Inbound(bea, platform: platform);
        Task<IReadOnlyList<bool>> stored = store.QueueDeliveriesAsync(new DeliveryBatch([beas], [new SentReply(answered, 0)], []));
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, NewEvent(), T0)));
        DateTimeOffset later = T0.AddHours(1);
        Assert.Empty(await store.ClaimUnsentAsync(platform, later, later, 10)); // the mark rode in Ada's next commit
        Assert.False(stored.IsCompleted, "held for its own turn, so not acknowledged yet");

        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(bea, beas.Key, T0, Replies: [Reply("b")])));
        Assert.Equal([true], await stored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, InboxRowsWritten(coach));
        Assert.Empty(await store.ClaimUnhandledAsync(platform, later, later, 10));
    }

    [StoreFact]
    public async Task A_turns_commit_leaves_another_turns_held_event_to_that_turns_own_commit_and_takes_it_once_held_its_time()
    {
        ICoachStore store = await StoreAsync();
        var delivery = (IDeliveryStore)store;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform), bea = NewPerson(platform), cy = NewPerson(platform);
        InboxEntry adas = Inbound(ada, platform: platform), beas = Inbound(bea, platform: platform), cys = Inbound(cy, platform: platform);
        Task<IReadOnlyList<bool>> adaStored = delivery.QueueDeliveriesAsync(new DeliveryBatch([adas], [], []));
        Task<IReadOnlyList<bool>> beaStored = delivery.QueueDeliveriesAsync(new DeliveryBatch([beas], [], []));

        // Ada's turn commits first: her event is handled in it, and Bea's, queued a moment ago, is left for Bea's own turn
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, adas.Key, T0, Replies: [Reply("a")])));
        Assert.Equal([true], await adaStored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(beaStored.IsCompleted);
        Assert.Equal(0, InboxRowsWritten(store));
        // Bea's turn handles hers in its commit: neither event was ever written to the inbox
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(bea, beas.Key, T0, Replies: [Reply("b")])));
        Assert.Equal([true], await beaStored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, InboxRowsWritten(store));

        // Cy's event waits longer than a turn takes (its turn queued behind others): the next commit, with its replies, stores it
        Task<IReadOnlyList<bool>> cyStored = delivery.QueueDeliveriesAsync(new DeliveryBatch([cys], [], []));
        LetHeldEventsGo();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, NewEvent(), T0, Replies: [Reply("a again")])));
        await AssertTheOneRowInTheInboxAsync(store, cyStored, cys);
    }

    [StoreTheory]
    [InlineData(CommitOutcome.Duplicate)]
    [InlineData(CommitOutcome.Conflict)]
    public async Task A_turn_rolled_back_still_writes_the_marks_and_the_waiting_events_that_came_to_ride_with_it(CommitOutcome outcome)
    {
        ICoachStore store = await StoreAsync();
        var delivery = (IDeliveryStore)store;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform), cy = NewPerson(platform);
        long version = await CreateSessionAsync(store, ada);
        string answered = NewEvent();
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(new Commit(ada, answered, T0, SaveSession: true, Session: Session("second"),
            ExpectedVersion: version, Replies: [Reply("one")])));

        // the mark that Ada's reply was sent comes with Cy's event, which then waits past the hold (its turn is slow)
        InboxEntry cys = Inbound(cy, platform: platform);
        Task<IReadOnlyList<bool>> stored = delivery.QueueDeliveriesAsync(new DeliveryBatch([cys], [new SentReply(answered, 0)], []));
        LetHeldEventsGo();

        // the next write is a turn that does not stand: a repeat of Ada's event, or a turn that loaded her old version
        Commit rolledBack = outcome == CommitOutcome.Duplicate
            ? new Commit(ada, answered, T0, Replies: [Reply("one, again")])
            : new Commit(ada, NewEvent(), T0, SaveSession: true, Session: Session("stale"), ExpectedVersion: version, Replies: [Reply("stale")]);
        Assert.Equal(outcome, await store.CommitAsync(rolledBack));

        // what rode with it is written all the same: the reply is no longer waiting to be sent, and Cy's event is in the inbox
        DateTimeOffset later = T0.AddHours(1);
        Assert.Empty(await delivery.ClaimUnsentAsync(platform, later, later, 10));
        await AssertTheOneRowInTheInboxAsync(store, stored, cys);
        Assert.Equal("second", (await store.LoadAsync(ada)).Session!.Situation);
    }

    /// <summary>The event was acknowledged as stored, as the one row the store wrote to the inbox, and waits there.</summary>
    private protected async Task AssertTheOneRowInTheInboxAsync(ICoachStore store, Task<IReadOnlyList<bool>> stored, InboxEntry entry)
    {
        Assert.Equal([true], await stored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, InboxRowsWritten(store));
        DateTimeOffset later = T0.AddHours(1);
        Assert.Equal([entry.Key], (await ((IDeliveryStore)store).ClaimUnhandledAsync(entry.Person.Platform, later, later, 10)).Select(e => e.Key));
    }

    [StoreFact]
    public async Task A_handled_mark_for_an_event_still_held_acknowledges_it_with_no_row()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        InboxEntry help = Inbound(NewPerson(platform), platform: platform);
        Task<IReadOnlyList<bool>> stored = store.QueueDeliveriesAsync(new DeliveryBatch([help], [], []));

        // a turn that commits nothing (a help message): the transport's handled mark is what the event was held for
        await store.MarkHandledAsync([help.Key]);

        Assert.Equal([true], await stored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, InboxRowsWritten(coach));
        DateTimeOffset later = T0.AddHours(1);
        Assert.Empty(await store.ClaimUnhandledAsync(platform, later, later, 10));
        Assert.False(await store.WriteQueuedAsync());
    }

    [StoreTheory]
    [InlineData(true)]  // the first copy's turn commits: no row for either
    [InlineData(false)] // the first copy waits past the hold: one row, the first's
    public async Task A_copy_of_an_event_still_held_is_a_repeat_once_the_first_is_safe_and_gets_no_row(bool turnCommits)
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform);
        InboxEntry first = Inbound(ada, platform: platform);
        Task<IReadOnlyList<bool>> firstStored = store.QueueDeliveriesAsync(new DeliveryBatch([first], [], []));
        // the platform sends it again while the first copy is held (Slack's retry of an envelope not yet acknowledged)
        Task<IReadOnlyList<bool>> copyStored = store.QueueDeliveriesAsync(new DeliveryBatch([first with { ReceivedAt = T0.AddSeconds(1) }], [], []));
        Assert.False(copyStored.IsCompleted, "not acknowledged before the first copy is safe");

        if (turnCommits)
        {
            Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, first.Key, T0, Replies: [Reply("a")])));
        }
        else
        {
            LetHeldEventsGo();
            for (int round = 0; round < 3 && await store.WriteQueuedAsync(); round++)
            {
            }
        }

        Assert.Equal([true], await firstStored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([false], await copyStored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(turnCommits ? 0 : 1, InboxRowsWritten(coach));
        DateTimeOffset later = T0.AddHours(1);
        Assert.Equal(turnCommits ? [] : [first.Key], (await store.ClaimUnhandledAsync(platform, later, later, 10)).Select(e => e.Key));
    }

    [StoreFact]
    public async Task What_no_write_took_along_is_written_once_it_has_waited_a_round()
    {
        var store = (IDeliveryStore)await StoreAsync();
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        InboxEntry alone = Inbound(NewPerson(platform), platform: platform);
        Task<IReadOnlyList<bool>> stored = store.QueueDeliveriesAsync(new DeliveryBatch([alone], [], []));
        // its turn never commits. A store that holds it for that turn lets it go after a while; then the first look leaves
        // what just came for a write under way, and by the next it has waited, and is written
        LetHeldEventsGo();
        for (int round = 0; round < 3 && await store.WriteQueuedAsync(); round++)
        {
        }
        Assert.Equal([true], await stored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await store.WriteQueuedAsync());
        DateTimeOffset now = T0.AddHours(1);
        Assert.Equal([alone.Key], (await store.ClaimUnhandledAsync(platform, now, now, 10)).Select(e => e.Key));
    }

    [StoreFact]
    public async Task Handled_events_and_sent_replies_leave_the_store()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        PersonKey ada = NewPerson();
        InboxEntry done = Inbound(ada);
        await store.AddToInboxAsync([done]);
        string sentKey = NewEvent();
        await coach.CommitAsync(new Commit(ada, sentKey, T0, Replies: [Reply("sent"), Reply("sent too")]));
        Assert.Equal(1, (await CountRowsAsync(coach, ada))["inbox"]);
        Assert.Equal(2, (await CountRowsAsync(coach, ada))["outbox"]);

        await store.MarkHandledAsync([done.Key]);
        await store.MarkSentAsync([new SentReply(sentKey, 0), new SentReply(sentKey, 1)]);
        Assert.Equal(0, (await CountRowsAsync(coach, ada))["inbox"]);
        Assert.Equal(0, (await CountRowsAsync(coach, ada))["outbox"]);
    }
}
