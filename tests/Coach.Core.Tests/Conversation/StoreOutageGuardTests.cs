using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Core.Tests.Conversation;

public sealed class StoreOutageGuardTests
{
    private static readonly Incoming Dm = new(Platforms.Slack, "T1", "D1", null, "U1", "Ev1", DateTimeOffset.UnixEpoch, IncomingKind.Message, Text: "my situation", IsDirect: true);

    [Fact]
    public async Task While_the_store_cannot_be_reached_the_person_is_told_to_send_it_again()
    {
        var guard = new StoreOutageGuard(new ThrowingEngine(new TimeoutException("connect timed out")), new TimeoutsAreOutages(), NullLogger<StoreOutageGuard>.Instance);

        Outgoing reply = Assert.Single(await guard.HandleAsync(Dm));

        Assert.Equal(StoreOutageGuard.CannotSaveText, reply.Text);
        Assert.Equal((Visibility.Channel, "D1", "U1"), (reply.Visibility, reply.Channel, reply.User));
        Assert.Contains("send it again", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_public_thread_the_reply_is_only_for_the_person()
    {
        var guard = new StoreOutageGuard(new ThrowingEngine(new TimeoutException()), new TimeoutsAreOutages(), NullLogger<StoreOutageGuard>.Instance);

        Outgoing reply = Assert.Single(await guard.HandleAsync(Dm with { Channel = "C1", Thread = "1.2", IsDirect = false }));

        Assert.Equal((Visibility.Ephemeral, "C1", "1.2"), (reply.Visibility, reply.Channel, reply.Thread));
    }

    [Fact]
    public async Task Other_failures_still_reach_the_transport()
    {
        var guard = new StoreOutageGuard(new ThrowingEngine(new InvalidOperationException("a bug")), new TimeoutsAreOutages(), NullLogger<StoreOutageGuard>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.HandleAsync(Dm));
    }

    private sealed class TimeoutsAreOutages : IStoreFaults
    {
        public bool IsOutage(Exception exception) => exception is TimeoutException;
    }

    private sealed class ThrowingEngine(Exception error) : ICoachEngine
    {
        public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default) => Task.FromException<IReadOnlyList<Outgoing>>(error);
    }
}
