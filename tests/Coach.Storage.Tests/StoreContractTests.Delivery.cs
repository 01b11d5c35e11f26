using Coach.Core.Conversation;
using Coach.Core.Storage;

namespace Coach.Storage.Tests;

/// <summary>The inbox and the outbox (<see cref="IDeliveryStore"/>), on every store.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static InboxEntry Inbound(PersonKey person, string? key = null, DateTimeOffset? at = null, string platform = Platforms.Slack) =>
        new(key ?? NewEvent(), person with { Platform = platform }, "{\"text\":\"Situation: “quoted” 😬 $1.2M\"}", at ?? T0);

    private static Outgoing Reply(string text, string channel = "D123") => new(Visibility.Channel, channel, null, "U1", text,
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
    public async Task An_event_goes_into_the_inbox_once_and_a_repeat_is_reported_as_known()
    {
        var store = (IDeliveryStore)await StoreAsync();
        PersonKey ada = NewPerson();
        InboxEntry first = Inbound(ada), second = Inbound(ada);
        Assert.Equal([true, true, false], await store.AddToInboxAsync([first, second, first with { Payload = "{}" }]));
        Assert.Equal([false, true], await store.AddToInboxAsync([second, Inbound(ada)]));
        // known after being handled too: a redelivery of a handled event is not taken again
        await store.MarkHandledAsync([first.Key], T0.AddSeconds(1));
        Assert.Equal([false], await store.AddToInboxAsync([first]));
    }

    [StoreFact]
    public async Task Events_stored_while_turns_commit_at_once_are_each_stored_once_and_a_repeat_is_known()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        PersonKey[] people = [.. Enumerable.Range(0, 8).Select(_ => NewPerson())];
        InboxEntry[] events = [.. Enumerable.Range(0, 12).Select(i => Inbound(people[i % people.Length]))];

        // each event twice at once (a redelivery racing the first), beside turns committing with replies and marks
        Task<IReadOnlyList<bool>>[] adds = [.. events.Concat(events).Select(e => Task.Run(() => store.AddToInboxAsync([e])))];
        Task<CommitOutcome>[] commits = [.. events.Select((e, i) => Task.Run(() =>
            coach.CommitAsync(new Commit(e.Person, e.Key, T0, Replies: [Reply("reply " + i)]))))];
        Task[] marks = [.. events.Select(e => Task.Run(() => store.MarkSentAsync([new SentReply(e.Key, 0, "1.0", T0)])))];
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
        await store.MarkHandledAsync([handled.Key], T0.AddSeconds(3));

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
        await store.MarkHandledAsync([early.Key, late.Key], later);
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

        await store.MarkSentAsync([new SentReply(first, 0, "1700000000.000100", now), new SentReply(first, 1, null, now)]);
        await store.MarkSentAsync([new SentReply(first, 0, "changed", now)]); // sent once: the first mark stays
        DateTimeOffset later = now + Lease + TimeSpan.FromSeconds(1);
        OutboxEntry left = Assert.Single(await store.ClaimUnsentAsync(ada.Platform, later - Lease, later, 10));
        Assert.Equal((second, 0), (left.EventKey, left.Seq));
    }

    [StoreFact]
    public async Task A_commit_that_keeps_replies_marks_its_event_handled_and_marks_ride_with_new_events_in_one_write()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform);
        InboxEntry answered = Inbound(ada, platform: platform), quiet = Inbound(ada, platform: platform), next = Inbound(ada, platform: platform);
        Assert.Equal([true, true], await store.AddToInboxAsync([answered, quiet]));
        // the turn's commit marks its own event handled, with or without replies; a commit that keeps none marks nothing
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, answered.Key, T0, Replies: [Reply("one")])));
        Assert.Equal(CommitOutcome.Committed, await coach.CommitAsync(new Commit(ada, NewEvent(), T0)));

        // one write: the reply marked sent, the quiet event handled, a new event stored (and a known one reported)
        Assert.Equal([true, false], await store.RecordDeliveriesAsync(new DeliveryBatch([next, answered], [new SentReply(answered.Key, 0, "ts", T0)], [quiet.Key], T0)));
        DateTimeOffset now = T0.AddHours(1);
        Assert.Equal([next.Key], (await store.ClaimUnhandledAsync(platform, now, now, 10)).Select(e => e.Key));
        Assert.Empty(await store.ClaimUnsentAsync(platform, now, now, 10));
    }

    [StoreFact]
    public async Task Pruning_deletes_only_what_was_handled_or_sent_before_the_cutoff()
    {
        ICoachStore coach = await StoreAsync();
        var store = (IDeliveryStore)coach;
        string platform = "test-" + Guid.NewGuid().ToString("N")[..8];
        PersonKey ada = NewPerson(platform);
        InboxEntry done = Inbound(ada, at: T0, platform: platform), open = Inbound(ada, at: T0, platform: platform);
        await store.AddToInboxAsync([done, open]);
        await store.MarkHandledAsync([done.Key], T0.AddSeconds(1));
        string sentKey = NewEvent(), openKey = NewEvent();
        await coach.CommitAsync(new Commit(ada, sentKey, T0, Replies: [Reply("sent")]));
        await coach.CommitAsync(new Commit(ada, openKey, T0, Replies: [Reply("not yet")]));
        await store.MarkSentAsync([new SentReply(sentKey, 0, "ts", T0.AddSeconds(1))]);

        Assert.True(await store.PruneDeliveriesAsync(T0.AddHours(1)) >= 2);
        // the pruned event is new again to the inbox; the open ones are still there
        Assert.Equal([true, false], await store.AddToInboxAsync([done, open]));
        DateTimeOffset now = T0.AddHours(2);
        Assert.Equal(new[] { open.Key, done.Key }.Order(StringComparer.Ordinal), (await store.ClaimUnhandledAsync(platform, now, now, 10)).Select(e => e.Key));
        Assert.Equal([openKey], (await store.ClaimUnsentAsync(platform, now, now, 10)).Select(e => e.EventKey));
    }
}
