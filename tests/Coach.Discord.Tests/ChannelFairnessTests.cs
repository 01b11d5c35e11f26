using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

/// <summary>One person's burst is paced under Discord's per-channel rate limit without holding up anyone else's reply.</summary>
public sealed class ChannelFairnessTests(ITestOutputHelper output)
{
    private const string Flooder = "500000000000000051";
    private const string FlooderDm = "800000000000000051";
    private const int Others = 8;

    private static string OtherPerson(int i) => "5000000000000001" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    private static string OtherDm(int i) => "8000000000000001" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Answers every message with one reply in the same channel, naming the message it answers.</summary>
    private sealed class EchoEngine : ICoachEngine
    {
        public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Outgoing>>(incoming.Kind == IncomingKind.Message
                ? [new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, "re: " + incoming.Text)]
                : []);
    }

    private static List<string> Replies(FakeDiscord fake, string channel) =>
        fake.CallsTo("POST", $"/channels/{channel}/messages").Where(c => c.Status == 200)
            .Select(c => c.Body!["content"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_burst_in_one_DM_does_not_delay_other_peoples_replies()
    {
        await using var h = await Harness.StartAsync(output, new EchoEngine(),
            configureFake: f => f.ChannelRateLimit = (5, TimeSpan.FromSeconds(5)),
            settings: new Dictionary<string, string?> { ["Discord:EventLanes"] = "2" });
        await h.WaitReadyAsync();

        for (int i = 0; i < 25; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(FlooderDm, Flooder, "flood " + i, guildId: null));
        }
        // the first window's five replies go out at once; the rest wait on the channel's bucket
        await FakeDiscord.WaitUntilAsync(() => Replies(h.Fake, FlooderDm).Count >= 5, what: "first window of the burst answered");

        // several other people, so that none of them can be spared by sharing nothing with the flooder by chance
        var sent = DateTimeOffset.UtcNow;
        for (int i = 0; i < Others; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(OtherDm(i), OtherPerson(i), "my situation " + i, guildId: null));
        }
        await FakeDiscord.WaitUntilAsync(() => Enumerable.Range(0, Others).All(i => Replies(h.Fake, OtherDm(i)).Count == 1),
            TimeSpan.FromSeconds(10), "the other people's replies");
        var took = DateTimeOffset.UtcNow - sent;
        var flooderSoFar = Replies(h.Fake, FlooderDm);
        output.WriteLine($"{Others} other replies after {took.TotalMilliseconds:0} ms; flooder replies sent by then: {flooderSoFar.Count}");

        for (int i = 0; i < Others; i++)
        {
            Assert.Equal(["re: my situation " + i], Replies(h.Fake, OtherDm(i)));
        }
        Assert.True(took < TimeSpan.FromSeconds(3), $"the other people's replies took {took.TotalMilliseconds:0} ms");
        Assert.InRange(flooderSoFar.Count, 5, 24); // the burst was still being paced
        // the burst is answered in the order it was sent, and pacing drew no 429
        Assert.Equal(Enumerable.Range(0, flooderSoFar.Count).Select(i => "re: flood " + i), flooderSoFar);
        Assert.DoesNotContain(h.Fake.Calls, c => c.Status == 429);
    }
}
