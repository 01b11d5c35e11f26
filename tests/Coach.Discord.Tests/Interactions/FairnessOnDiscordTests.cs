using Coach.Core.Conversation;
using Coach.Core.Fairness;
using Coach.Discord.Tests.Fake;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Coach.Discord.Tests.Interactions;

/// <summary>The fairness gate in front of the engine, fed by the Discord transport.</summary>
public sealed class FairnessOnDiscordTests(ITestOutputHelper output)
{
    private const string Dm = "800000000000000008";

    [Fact]
    public async Task A_backlog_replayed_at_once_is_judged_by_when_each_message_was_sent_and_a_live_flood_is_not()
    {
        var gate = new FairnessGate(new AnswerEverything(), new FairnessOptions(), TimeProvider.System, NullLogger<FairnessGate>.Instance);
        await using var h = await Harness.StartAsync(output, gate);
        await h.WaitReadyAsync();
        DateTimeOffset now = DateTimeOffset.UtcNow;

        // 25 messages one person sent 20 s apart while no worker was up, delivered together
        for (int i = 0; i < 25; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(Dm, PracticeTests.UserId, $"part {i}", guildId: null, id: FakeDiscord.SnowflakeAt(now.AddMinutes(-10).AddSeconds(20 * i))));
        }
        await FakeDiscord.WaitUntilAsync(() => Posts(h).Count() >= 25, what: "an answer to each of the backlog");

        // another person sends 25 at once, now
        const string other = "600000000000000077", otherDm = "800000000000000077";
        for (int i = 0; i < 25; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(otherDm, other, $"spam {i}", guildId: null, id: FakeDiscord.SnowflakeAt(now.AddMilliseconds(i))));
        }
        await FakeDiscord.WaitUntilAsync(() => Posts(h, otherDm).Count() >= 21, what: "the flood's answers and note");
        await Task.Delay(300);

        Assert.Equal(25, Posts(h).Count());
        Assert.DoesNotContain(Posts(h), p => p.Contains("faster than I can take them in", StringComparison.Ordinal));
        Assert.Equal(21, Posts(h, otherDm).Count()); // the burst of 20, then one note; the last four dropped
        Assert.Contains("faster than I can take them in", Posts(h, otherDm).Last(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Posts(Harness h, string channel = Dm) =>
        h.Fake.CallsTo("POST", $"/channels/{channel}/messages").Select(c => c.Body!.ToJsonString());

    private sealed class AnswerEverything : ICoachEngine
    {
        public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Outgoing>>([new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, "Got it: " + incoming.Text)]);
    }
}
