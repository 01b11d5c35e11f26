using Coach.Discord.Tests.Fake;
using Coach.Tests.Shared;
using Xunit.Abstractions;

namespace Coach.Discord.Tests.Delivery;

/// <summary>
/// The outbox end to end: the worker (the built <c>coach.dll</c>, a child process) is killed with SIGKILL while Discord holds
/// its reply's create-message request unanswered, and a new worker on the same SQLite file posts that reply, once.
/// </summary>
public sealed class CrashDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private const string UserId = PracticeTests.UserId;
    private const string Dm = "777000000000000078";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"coach-discord-durable-{Guid.NewGuid():N}");

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

    private WorkerProcess StartWorker(FakeDiscord fake)
    {
        Directory.CreateDirectory(_dir);
        return WorkerProcess.Start(_dir, new Dictionary<string, string?>
        {
            ["Discord__Token"] = FakeDiscord.Token,
            ["Discord__ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord__ApiBaseUrl"] = fake.ApiBase,
            ["Discord__ReconnectBaseDelay"] = "00:00:00.050",
            ["Discord__DeliveryLease"] = "00:00:01",
            ["Discord__DeliverySweep"] = "00:00:00.250",
            ["Storage__ConnectionString"] = $"Data Source={Path.Combine(_dir, "coach.db")}",
        });
    }

    [Theory]
    [InlineData(false)] // Discord never took the post: the next worker posts it
    [InlineData(true)]  // Discord took it and the answer was held: the next worker's post carries the same nonce and gets it back
    public async Task A_worker_killed_while_its_reply_is_in_flight_leaves_it_to_the_next_which_posts_it_once(bool discordTookIt)
    {
        await using var fake = await FakeDiscord.StartAsync();
        FakeHold hold = fake.HoldNextPost(Dm, apply: discordTookIt);
        RestCall held;
        await using (WorkerProcess first = StartWorker(fake))
        {
            try
            {
                await FakeDiscord.WaitUntilAsync(() => fake.IsConnected, Patience, "the first worker's READY");
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // the session saved, so the next worker resumes it
                await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Dm, UserId, "practice L6 ownership", guildId: null));
                held = await hold.Arrived.WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                output.WriteLine(first.Output);
                throw;
            }
            await Task.Delay(200);
            await first.KillAsync();
        }
        string nonce = held.Body!["nonce"]!.GetValue<string>();
        string content = held.Body!["content"]?.GetValue<string>() ?? "";
        Assert.Equal(discordTookIt ? 1 : 0, fake.MessagesIn(Dm).Count);

        await using WorkerProcess second = StartWorker(fake);
        try
        {
            await FakeDiscord.WaitUntilAsync(() => fake.CallsTo("POST", $"/channels/{Dm}/messages").Count(c => c.Body?["nonce"]?.GetValue<string>() == nonce) == 2,
                Patience, "the held reply posted again by the next worker");
            await Task.Delay(TimeSpan.FromSeconds(3)); // several sweeps later
        }
        catch (TimeoutException)
        {
            output.WriteLine(second.Output);
            throw;
        }

        // the next worker resumed the session, so Discord replayed the message; the engine dropped it (its turn was
        // committed) and only the outbox could still deliver the reply
        Assert.Contains(fake.Received, r => r.Op == 6 && r.Connection > 1);
        IReadOnlyList<FakeMessage> shown = fake.MessagesIn(Dm);
        Assert.Single(shown, m => m.Nonce == nonce);
        Assert.Single(shown, m => m.Content == content);
        Assert.Equal(shown.Count, shown.Select(m => m.Nonce).Distinct().Count()); // no reply of that turn shows twice
        Assert.Equal(2, fake.CallsTo("POST", $"/channels/{Dm}/messages").Count(c => c.Body?["nonce"]?.GetValue<string>() == nonce));
    }

    [Fact]
    public async Task A_worker_killed_after_it_opened_a_practice_thread_leaves_the_question_to_the_next_which_posts_it_in_that_thread()
    {
        await using var fake = await FakeDiscord.StartAsync();
        FakeHold hold = fake.HoldNextPost(FakeDiscord.AnyThread, apply: false);
        RestCall held;
        await using (WorkerProcess first = StartWorker(fake))
        {
            try
            {
                await FakeDiscord.WaitUntilAsync(() => fake.IsConnected, Patience, "the first worker's READY");
                await fake.DispatchAsync("INTERACTION_CREATE", fake.CommandInteraction(UserId, "practice", [("level", "L6"), ("principle", "ownership")]));
                held = await hold.Arrived.WaitAsync(Patience); // the thread is open; the question on its way into it
            }
            catch (TimeoutException)
            {
                output.WriteLine(first.Output);
                throw;
            }
            await Task.Delay(200);
            await first.KillAsync();
        }
        string thread = Assert.Single(fake.CreatedThreads);
        Assert.EndsWith($"/channels/{thread}/messages", held.Path, StringComparison.Ordinal);
        string nonce = held.Body!["nonce"]!.GetValue<string>();
        Assert.Empty(fake.MessagesIn(thread));

        await using WorkerProcess second = StartWorker(fake);
        try
        {
            await FakeDiscord.WaitUntilAsync(() => fake.MessagesIn(thread).Any(m => m.Nonce == nonce), Patience, "the question posted by the next worker");
            await Task.Delay(TimeSpan.FromSeconds(3)); // several sweeps later
        }
        catch (TimeoutException)
        {
            output.WriteLine(second.Output);
            throw;
        }

        // the next worker found the thread the first had opened from its message (Discord: "A thread has already been
        // created for this message") and went on in it: one thread, one message in the channel, the question once
        Assert.Equal([thread], fake.CreatedThreads);
        Assert.Equal(thread, Assert.Single(fake.MessagesIn(FakeDiscord.ChannelId)).Id);
        Assert.Contains(fake.CallsTo("POST", "/threads"), c => c.Status == 400);
        Assert.Single(fake.MessagesIn(thread), m => m.Nonce == nonce);
        Assert.Equal(fake.MessagesIn(thread).Count, fake.MessagesIn(thread).Select(m => m.Nonce).Distinct().Count());
    }
}
