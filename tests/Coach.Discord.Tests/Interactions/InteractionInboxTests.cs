using Coach.Core.Storage;
using Coach.Discord.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Coach.Discord.Tests.Interactions;

/// <summary>Interactions go through the store's inbox: stored before their callback, handled from there, and taken up by
/// the next worker when the one that stored them died first.</summary>
public sealed class InteractionInboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string UserId = PracticeTests.UserId;
    private TempSqliteStore _temp = null!;
    private SqliteCoachStore _store = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.CreateAsync();
        _store = _temp.Store;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    /// <summary>An inbox that takes its time, and notes whether Discord had heard back before the event was stored.</summary>
    private sealed class SlowInbox(IDeliveryStore inner, Func<bool> answered) : IDeliveryStore
    {
        public List<bool> AnsweredBeforeStored { get; } = [];

        public async Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
        {
            if (batch.Events.Count == 0)
            {
                return await inner.RecordDeliveriesAsync(batch, cancellationToken);
            }
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // past the deferral deadline (1.5 s)
            var added = await inner.RecordDeliveriesAsync(batch, cancellationToken);
            lock (AnsweredBeforeStored)
            {
                AnsweredBeforeStored.Add(answered());
            }
            return added;
        }

        public Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            inner.ClaimUnhandledAsync(platform, staleBefore, now, max, cancellationToken);

        public Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            inner.ClaimUnsentAsync(platform, staleBefore, now, max, cancellationToken);
    }

    private bool Unhandled(string key)
    {
        var far = DateTimeOffset.UtcNow.AddDays(1);
        return ((IDeliveryStore)_store).ClaimUnhandledAsync("discord", far, DateTimeOffset.UtcNow, 1000).GetAwaiter().GetResult().Any(e => e.Key == key);
    }

    [Fact]
    public async Task An_interaction_is_stored_before_its_callback_and_marked_handled_after()
    {
        FakeDiscord? fake = null;
        var inbox = new SlowInbox(_store, () => fake!.CallsTo("POST", "/callback").Any());
        await using var h = await Harness.StartAsync(output, configureServices: s => s.AddSingleton<IDeliveryStore>(inbox));
        fake = h.Fake;
        await h.WaitReadyAsync();

        var interaction = h.Fake.CommandInteraction(UserId, "help");
        string id = interaction["id"]!.GetValue<string>();
        await h.Fake.DispatchAsync("INTERACTION_CREATE", interaction);
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/callback").Any(), TimeSpan.FromSeconds(10), "the callback");
        await FakeDiscord.WaitUntilAsync(() => ((ScriptedEngine)h.Engine).Seen.Any(i => i.EventId == id), TimeSpan.FromSeconds(10), "the engine");

        Assert.Equal([false], inbox.AnsweredBeforeStored); // the deferral waited for the store
        await FakeDiscord.WaitUntilAsync(() => !Unhandled("discord:" + id), TimeSpan.FromSeconds(5), "the handled mark");
    }

    [Fact]
    public async Task An_interaction_a_dead_worker_stored_but_did_not_handle_is_handled_once_by_the_next()
    {
        var fake = await FakeDiscord.StartAsync();
        var interaction = fake.ButtonInteraction(UserId, "coach:help", FakeDiscord.ChannelId, channelType: 0, parentId: null);
        string id = interaction["id"]!.GetValue<string>();
        // what the dead worker left: stored a minute ago, never marked handled
        Assert.Equal([true], await ((IDeliveryStore)_store).AddToInboxAsync([new InboxEntry("discord:" + id,
            new Core.Conversation.PersonKey("discord", FakeDiscord.GuildId, UserId), interaction.ToJsonString(), DateTimeOffset.UtcNow.AddMinutes(-1))]));

        var engine = new ScriptedEngine();
        await using var h = await Harness.StartAsync(output, engine, sharedFake: fake,
            settings: new Dictionary<string, string?> { ["Discord:DeliveryLease"] = "00:00:01", ["Discord:DeliverySweep"] = "00:00:00.200" },
            configureServices: s => s.AddSingleton<IDeliveryStore>(_store));
        await h.WaitReadyAsync();

        await FakeDiscord.WaitUntilAsync(() => engine.Seen.Any(i => i.EventId == id), TimeSpan.FromSeconds(10), "the stored interaction handled");
        await FakeDiscord.WaitUntilAsync(() => !Unhandled("discord:" + id), TimeSpan.FromSeconds(5), "the handled mark");
        await Task.Delay(TimeSpan.FromSeconds(2)); // several sweeps later
        Assert.Single(engine.Seen, i => i.EventId == id);
        await fake.DisposeAsync();
    }
}
