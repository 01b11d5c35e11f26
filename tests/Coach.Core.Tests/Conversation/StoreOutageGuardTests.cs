using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Core.Tests.Conversation;

public sealed class StoreOutageGuardTests
{
    private static readonly Incoming Dm = new(Platforms.Slack, "T1", "D1", null, "U1", "Ev1", DateTimeOffset.UnixEpoch, IncomingKind.Message, Text: "my situation", IsDirect: true);
    private readonly FakeTimeProvider _time = new();

    private StoreOutageGuard Guard(ScriptedEngine engine) => new(engine, new TimeoutsAreOutages(), _time, NullLogger<StoreOutageGuard>.Instance);

    [Fact]
    public async Task While_the_store_cannot_be_reached_the_person_is_told_to_send_it_again()
    {
        var engine = new ScriptedEngine(_time, new TimeoutException("refused"), new TimeoutException("refused"));

        Outgoing reply = Assert.Single(await Guard(engine).HandleAsync(Dm));

        Assert.Equal(StoreOutageGuard.CannotSaveText, reply.Text);
        Assert.Contains("send it again", reply.Text, StringComparison.Ordinal);
        Assert.Equal((Visibility.Channel, "D1", "U1"), (reply.Visibility, reply.Channel, reply.User));
        Assert.Equal(2, engine.Calls);
    }

    [Fact]
    public async Task An_event_kept_in_the_inbox_gets_no_reply_and_is_left_for_the_sweep()
    {
        var engine = new ScriptedEngine(_time, new TimeoutException("refused"), new TimeoutException("refused"));

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => Guard(engine).HandleAsync(Dm with { Durable = true, InInbox = true }));

        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Equal(2, engine.Calls); // the quick retry still comes first
    }

    [Fact]
    public async Task An_event_whose_replies_go_through_the_outbox_but_is_not_in_the_inbox_is_still_told_to_send_it_again()
    {
        // Discord's gateway messages: replies through the outbox, but nothing keeps the message for a later try
        var engine = new ScriptedEngine(_time, new TimeoutException("refused"), new TimeoutException("refused"));

        Outgoing reply = Assert.Single(await Guard(engine).HandleAsync(Dm with { Platform = Platforms.Discord, Durable = true }));

        Assert.Equal(StoreOutageGuard.CannotSaveText, reply.Text);
    }

    [Fact]
    public async Task An_event_kept_in_the_inbox_is_answered_when_the_quick_retry_gets_through()
    {
        var engine = new ScriptedEngine(_time, new TimeoutException("connection reset"), null);

        Assert.Equal("handled", Assert.Single(await Guard(engine).HandleAsync(Dm with { Durable = true, InInbox = true })).Text);
    }

    [Fact]
    public async Task A_quick_failure_is_tried_once_more_so_a_dead_pooled_connection_after_a_restart_goes_unnoticed()
    {
        var engine = new ScriptedEngine(_time, new TimeoutException("connection reset"), null);

        Outgoing reply = Assert.Single(await Guard(engine).HandleAsync(Dm));

        Assert.Equal("handled", reply.Text);
        Assert.Equal(2, engine.Calls);
    }

    [Fact]
    public async Task A_slow_failure_is_not_tried_again()
    {
        var engine = new ScriptedEngine(_time, new TimeoutException("timed out"), null) { Takes = TimeSpan.FromSeconds(5) };

        Assert.Equal(StoreOutageGuard.CannotSaveText, Assert.Single(await Guard(engine).HandleAsync(Dm)).Text);
        Assert.Equal(1, engine.Calls);
    }

    [Fact]
    public async Task In_a_public_thread_the_reply_is_only_for_the_person()
    {
        var engine = new ScriptedEngine(_time, new TimeoutException(), new TimeoutException());

        Outgoing reply = Assert.Single(await Guard(engine).HandleAsync(Dm with { Channel = "C1", Thread = "1.2", IsDirect = false }));

        Assert.Equal((Visibility.Ephemeral, "C1", "1.2"), (reply.Visibility, reply.Channel, reply.Thread));
    }

    [Fact]
    public async Task Other_failures_still_reach_the_transport_untried()
    {
        var engine = new ScriptedEngine(_time, new InvalidOperationException("a bug"), null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Guard(engine).HandleAsync(Dm));
        Assert.Equal(1, engine.Calls);
    }

    private sealed class TimeoutsAreOutages : IStoreFaults
    {
        public bool IsOutage(Exception exception) => exception is TimeoutException;
    }

    /// <summary>Throws the given errors in turn (null: answers "handled"), each after <see cref="Takes"/> on the fake clock.</summary>
    private sealed class ScriptedEngine(FakeTimeProvider time, params Exception?[] outcomes) : ICoachEngine
    {
        public int Calls { get; private set; }

        public TimeSpan Takes { get; init; }

        public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
        {
            time.Advance(Takes);
            Exception? outcome = outcomes[Calls++];
            return outcome is null
                ? Task.FromResult<IReadOnlyList<Outgoing>>([new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, "handled")])
                : Task.FromException<IReadOnlyList<Outgoing>>(outcome);
        }
    }
}
