using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Tests.Fake;
using Coach.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Slack.Tests;

/// <summary>The store goes away after an event is safe in the inbox and before its turn is committed: the worker's engine
/// chain (the outage guard around the engine) on a real SQLite file whose writes can be made to fail.</summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private const string Situation = "Our checkout service lost $2M a year to outages across three teams, and nobody owned the shared payment client.";

    private string _db = null!;
    private SqliteCoachStore _store = null!;

    public async Task InitializeAsync()
    {
        _db = Path.Combine(Path.GetTempPath(), $"coach-outage-{Guid.NewGuid():N}.db");
        _store = new SqliteCoachStore($"Data Source={_db}", NullLogger<SqliteCoachStore>.Instance);
        await _store.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
        return Task.CompletedTask;
    }

    /// <summary>The store with a switch: while <see cref="Down"/>, commits and the sweep's claims fail as a dead disk does. The
    /// inbox write itself goes through (the event was stored before the store went away).</summary>
    private sealed class OutageStore(SqliteCoachStore inner) : ICoachStore, IDeliveryStore
    {
        private int _failed;

        public volatile bool Down;

        public int FailedCommits => Volatile.Read(ref _failed);

        private static SqliteException DiskError() => new("disk I/O error", 10);

        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<PersonState> LoadAsync(PersonKey person, CancellationToken cancellationToken = default) => inner.LoadAsync(person, cancellationToken);

        public Task<CommitOutcome> CommitAsync(Commit commit, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Interlocked.Increment(ref _failed);
                throw DiskError();
            }
            return inner.CommitAsync(commit, cancellationToken);
        }

        public Task<IReadOnlyList<StoryRecord>> ListStoriesAsync(PersonKey person, CancellationToken cancellationToken = default) => inner.ListStoriesAsync(person, cancellationToken);

        public Task ForgetAsync(PersonKey person, CancellationToken cancellationToken = default) => inner.ForgetAsync(person, cancellationToken);

        public Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default) =>
            inner.RecordDeliveriesAsync(batch, cancellationToken);

        public Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            Down ? throw DiskError() : inner.ClaimUnhandledAsync(platform, staleBefore, now, max, cancellationToken);

        public Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            Down ? throw DiskError() : inner.ClaimUnsentAsync(platform, staleBefore, now, max, cancellationToken);
    }

    /// <summary>True while the event waits in the inbox (it leaves when handled).</summary>
    private async Task<bool> InInboxAsync(string key)
    {
        await using var c = new SqliteConnection($"Data Source={_db};Pooling=False");
        await c.OpenAsync();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM inbox WHERE event_key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return (long)(await cmd.ExecuteScalarAsync())! == 1;
    }

    [Fact]
    public async Task A_stored_event_whose_turn_cannot_be_committed_gets_no_send_again_and_is_answered_once_when_the_store_is_back()
    {
        var outage = new OutageStore(_store);
        var engine = new StoreOutageGuard(new CoachEngine(outage, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance),
            new StoreFaults(), TimeProvider.System, NullLogger<StoreOutageGuard>.Instance);
        await using var h = await SlackHarness.StartAsync(engine,
            new() { ["Slack:DeliveryLease"] = "00:00:01", ["Slack:DeliverySweep"] = "00:00:00.200" },
            configure: s => s.AddSingleton<IDeliveryStore>(outage));
        var socket = await h.Fake.WaitForSocketAsync(1);
        IReadOnlyList<SlackPost> Dm() => [.. h.Fake.Messages.Where(m => m.Channel == "D905")];

        await socket.SendEnvelopeAsync("events_api", Payloads.Message("D905", "U95", "practice L6 ownership", h.Fake.NextTs(), eventId: "Ev0PRACTICE"));
        await FakeSlack.WaitUntilAsync(() => Dm().Count > 0, what: "the question");
        await Task.Delay(300);
        int question = Dm().Count;

        outage.Down = true;
        string envelope = await socket.SendEnvelopeAsync("events_api", Payloads.Message("D905", "U95", Situation, h.Fake.NextTs(), eventId: "Ev0SITUATION"));
        await FakeSlack.WaitUntilAsync(() => socket.Acks.ContainsKey(envelope), what: "the ack: the event is in the inbox");
        await FakeSlack.WaitUntilAsync(() => outage.FailedCommits >= 2, what: "the turn and its one quick retry failing");
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the lease: sweeps ran (and failed) meanwhile

        Assert.Equal(question, Dm().Count); // only the question: no "send it again", nothing else
        Assert.DoesNotContain(h.Fake.Messages, m => m.Text.Contains("send it again", StringComparison.Ordinal));
        Assert.Empty(h.Fake.CallsTo("chat.postEphemeral"));
        Assert.True(await InInboxAsync("slack:Ev0SITUATION")); // stored, not handled

        outage.Down = false;
        await FakeSlack.WaitUntilAsync(() => Dm().Count > question, TimeSpan.FromSeconds(15), "the answer to the stored part, from the sweep");
        await Task.Delay(TimeSpan.FromSeconds(2)); // more sweeps: none handles it again

        Assert.Single(Dm().Skip(question)); // answered once
        Assert.Contains("Part 2 of 4", h.Fake.CallsTo("chat.postMessage").Last(c => c.Str("channel") == "D905").RawBody, StringComparison.Ordinal);
        Assert.False(await InInboxAsync("slack:Ev0SITUATION")); // handled
        SessionState session = (await _store.LoadAsync(new PersonKey(Platforms.Slack, FakeSlack.TeamId, "U95"))).Session!;
        Assert.Equal(Situation, session.Situation); // taken once
        Assert.Equal([Core.Rubric.StarPart.Situation], session.Done);
    }
}
