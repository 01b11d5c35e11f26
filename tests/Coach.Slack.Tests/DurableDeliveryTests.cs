using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Slack.Tests;

/// <summary>
/// The inbox and the outbox end to end: the worker (the built <c>coach.dll</c>, a child process) is killed with SIGKILL at
/// the worst moments, and a new worker on the same SQLite file finishes what it left, once.
/// </summary>
public sealed class DurableDeliveryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"coach-durable-{Guid.NewGuid():N}");

    public DurableDeliveryTests() => Directory.CreateDirectory(_dir);

    private string Db => Path.Combine(_dir, "coach.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private WorkerProcess StartWorker(FakeSlack fake) => WorkerProcess.Start(_dir, new Dictionary<string, string?>
    {
        ["Slack__BotToken"] = FakeSlack.BotToken,
        ["Slack__AppToken"] = FakeSlack.AppToken,
        ["Slack__ApiBaseUrl"] = fake.ApiBaseUrl,
        ["Slack__PostInterval"] = "00:00:00",
        ["Slack__DeliveryLease"] = "00:00:01",
        ["Slack__DeliverySweep"] = "00:00:00.250",
        ["Storage__ConnectionString"] = $"Data Source={Db}",
    });

    private static IReadOnlyList<ApiCall> Posts(FakeSlack fake, string channel) =>
        [.. fake.CallsTo("chat.postMessage").Where(c => c.Str("channel") == channel)];

    [Fact]
    public async Task A_worker_killed_after_storing_a_command_and_before_handling_it_leaves_it_to_the_next_which_answers_it_once()
    {
        await using var fake = await FakeSlack.StartAsync();
        fake.Hold("users.info"); // the first step of handling a channel command: the worker waits there, the envelope acknowledged
        await using (WorkerProcess first = StartWorker(fake))
        {
            FakeSocket socket = await fake.WaitForSocketAsync(1, Patience);
            string envelope = await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C700", "U7", "practice L6 ownership"));
            await FakeSlack.WaitUntilAsync(() => socket.Acks.ContainsKey(envelope), Patience, "the ack, sent once the command is stored");
            await fake.WaitForCallAsync(c => c.Method == "users.info", Patience);
            Assert.Empty(fake.CallsTo("chat.postMessage"));
            await first.KillAsync();
        }

        await using WorkerProcess second = StartWorker(fake);
        try
        {
            // the question card opens the practice thread, and the person hears privately where it is
            ApiCall root = await fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C700" && c.Str("thread_ts") is null, Patience);
            ApiCall notice = await fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral" && c.Str("channel") == "C700", Patience);
            string thread = await fake.TsOfAsync(root);

            // the practice runs in that thread: the new worker bound it to the session
            FakeSocket socket = await fake.WaitForSocketAsync(2, Patience);
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("C700", "U7",
                "Our checkout service lost $2M a year to outages across three teams, and nobody owned the shared payment client.", fake.NextTs(), threadTs: thread));
            await fake.WaitForCallAsync(c => c.Method is "chat.postMessage" or "chat.postEphemeral" && c.Str("thread_ts") == thread, Patience);
            await Task.Delay(TimeSpan.FromSeconds(3)); // several sweeps later

            Assert.Single(Posts(fake, "C700"), c => c.Str("thread_ts") is null);
            Assert.Single(fake.CallsTo("chat.postEphemeral"), c => c.Str("text") == notice.Str("text"));
            Assert.Contains("Part 1 of 4", root.RawBody, StringComparison.Ordinal);
            Assert.Equal(2, fake.CallsTo("users.info").Count); // the held one, then the new worker's
        }
        finally
        {
            await second.KillAsync();
        }
    }

    [Theory]
    [InlineData(false)] // Slack never took the post: the next worker posts it
    [InlineData(true)]  // Slack took it, the answer was lost: the next worker finds it by its metadata and does not post it again
    public async Task A_worker_killed_while_its_reply_is_in_flight_leaves_it_to_the_next_which_posts_it_once(bool slackTookIt)
    {
        await using var fake = await FakeSlack.StartAsync();
        fake.Hold("chat.postMessage", apply: slackTookIt);
        string held;
        await using (WorkerProcess first = StartWorker(fake))
        {
            FakeSocket socket = await fake.WaitForSocketAsync(1, Patience);
            await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D800", "U8", "practice L6 ownership"));
            held = (await fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D800", Patience)).Str("text")!;
            await Task.Delay(200);
            await first.KillAsync();
        }

        await using WorkerProcess second = StartWorker(fake);
        try
        {
            await FakeSlack.WaitUntilAsync(() => fake.Messages.Any(m => m.Channel == "D800" && m.Text == held)
                && fake.CallsTo("conversations.history").Count > 0, Patience, "the held reply in the DM");
            await Task.Delay(TimeSpan.FromSeconds(3));

            IReadOnlyList<SlackPost> shown = [.. fake.Messages.Where(m => m.Channel == "D800")];
            Assert.Single(shown, m => m.Text == held);
            Assert.Equal(shown.Count, shown.Select(m => m.Text).Distinct().Count());
            int heldPosts = Posts(fake, "D800").Count(c => c.Str("text") == held);
            Assert.Equal(slackTookIt ? 1 : 2, heldPosts);
        }
        finally
        {
            await second.KillAsync();
        }
    }
}

/// <summary>The inbox in front of the engine, in one process: a redelivery and a store that cannot take an event.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private string _db = null!;

    public Task InitializeAsync()
    {
        _db = Path.Combine(Path.GetTempPath(), $"coach-inbox-{Guid.NewGuid():N}.db");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
        return Task.CompletedTask;
    }

    private sealed class CountingEngine(ICoachEngine inner) : ICoachEngine
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.HandleAsync(incoming, cancellationToken);
        }
    }

    /// <summary>The store, with an inbox that can be switched off (the database gone).</summary>
    private sealed class FlakyInbox(IDeliveryStore inner) : IDeliveryStore
    {
        public bool Down { get; set; }

        public Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default) =>
            Down && batch.Events.Count > 0 ? throw new Microsoft.Data.Sqlite.SqliteException("disk I/O error", 10) : inner.RecordDeliveriesAsync(batch, cancellationToken);

        public Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            inner.ClaimUnhandledAsync(platform, staleBefore, now, max, cancellationToken);

        public Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            inner.ClaimUnsentAsync(platform, staleBefore, now, max, cancellationToken);
    }

    private async Task<(SqliteCoachStore Store, CountingEngine Engine)> WorkerAsync()
    {
        var store = new SqliteCoachStore($"Data Source={_db}", NullLogger<SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        return (store, new CountingEngine(new CoachEngine(store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance, store, store)));
    }

    [Fact]
    public async Task An_envelope_sent_again_to_a_new_worker_is_acknowledged_and_not_handled_twice()
    {
        var payload = Payloads.Message("D900", "U9", "practice L6 ownership", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ".000100", eventId: "Ev0REDELIVER");
        var (storeA, engineA) = await WorkerAsync();
        await using (var a = await SlackHarness.StartAsync(engineA, configure: s => s.AddSingleton<IDeliveryStore>(storeA)))
        {
            var socket = await a.Fake.WaitForSocketAsync(1);
            await socket.SendEnvelopeAsync("events_api", payload);
            await a.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D900");
        }
        storeA.Dispose();
        Assert.Equal(1, engineA.Calls);

        // the worker restarted with nothing in memory; Slack sends the same event again (its ack was lost on the way)
        var (storeB, engineB) = await WorkerAsync();
        var person = new PersonKey(Platforms.Slack, FakeSlack.TeamId, "U9");
        long versionBefore = (await storeB.LoadAsync(person)).SessionVersion;
        Assert.True(versionBefore > 0);
        await using (var b = await SlackHarness.StartAsync(engineB, configure: s => s.AddSingleton<IDeliveryStore>(storeB)))
        {
            var socket = await b.Fake.WaitForSocketAsync(1);
            string again = await socket.SendEnvelopeAsync("events_api", payload, retryAttempt: 1);
            await FakeSlack.WaitUntilAsync(() => socket.Acks.ContainsKey(again), what: "the ack of the redelivery");
            await Task.Delay(500);
            // handled at once while it is stored; the engine's record of handled events knows it: no second answer
            Assert.True(engineB.Calls <= 1);
            Assert.Empty(b.Fake.CallsTo("chat.postMessage"));
            Assert.Equal(versionBefore, (await storeB.LoadAsync(person)).SessionVersion); // the practice was not started again
        }
        storeB.Dispose();
    }

    [Fact]
    public async Task An_envelope_the_store_cannot_take_is_left_unacknowledged_and_its_redelivery_is_answered_once()
    {
        var (store, engine) = await WorkerAsync();
        var inbox = new FlakyInbox(store) { Down = true };
        await using (var h = await SlackHarness.StartAsync(engine, configure: s => s.AddSingleton<IDeliveryStore>(inbox)))
        {
            var socket = await h.Fake.WaitForSocketAsync(1);
            var payload = Payloads.Message("D901", "U9", "practice L6 ownership", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ".000200", eventId: "Ev0STOREDOWN");
            string envelope = await socket.SendEnvelopeAsync("events_api", payload);
            await Task.Delay(700);
            Assert.False(socket.Acks.ContainsKey(envelope), "an event the store did not take must not be acknowledged");

            inbox.Down = false;
            await socket.SendEnvelopeAsync("events_api", payload, retryAttempt: 1, envelopeId: envelope);
            await FakeSlack.WaitUntilAsync(() => socket.Acks.ContainsKey(envelope), what: "the ack of the redelivery");
            await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D901");
            await Task.Delay(500);
            // handled at once beside the failed store (its turn committed here: only the inbox was down), or from the
            // redelivery: either way answered once
            Assert.Single(h.Fake.CallsTo("chat.postMessage").Select(c => c.Str("text")).Distinct());
        }
        store.Dispose();
    }

    [Fact]
    public async Task In_HTTP_mode_an_event_the_store_cannot_take_gets_a_503_and_its_retry_is_answered_once()
    {
        var (store, engine) = await WorkerAsync();
        var inbox = new FlakyInbox(store) { Down = true };
        using var http = new HttpClient();
        await using (var h = await SlackHarness.StartAsync(engine, new() { ["Slack:Mode"] = "http", ["Slack:AppToken"] = null },
            configure: s => s.AddSingleton<IDeliveryStore>(inbox)))
        {
            var body = Payloads.Message("D902", "U9", "practice L6 ownership", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ".000300", eventId: "Ev0HTTPDOWN").ToJsonString();
            async Task<System.Net.HttpStatusCode> PostAsync()
            {
                var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(h.Transport.HttpBaseAddress!, "/slack/events"))
                {
                    Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Slack-Request-Timestamp", ts);
                request.Headers.Add("X-Slack-Signature", Coach.Slack.Http.SlackSignature.Compute("test-signing-secret", ts, System.Text.Encoding.UTF8.GetBytes(body)));
                using var response = await http.SendAsync(request);
                return response.StatusCode;
            }

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, await PostAsync());
            inbox.Down = false;
            Assert.Equal(System.Net.HttpStatusCode.OK, await PostAsync()); // Slack's retry
            Assert.Equal(System.Net.HttpStatusCode.OK, await PostAsync()); // and another: stored already
            await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D902");
            await Task.Delay(500);
            Assert.Single(h.Fake.CallsTo("chat.postMessage").Where(c => c.Str("channel") == "D902").Select(c => c.Str("text")).Distinct()); // answered once
        }
        store.Dispose();
    }
}
