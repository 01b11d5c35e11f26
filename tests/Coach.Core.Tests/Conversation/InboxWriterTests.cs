using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Core.Tests.Conversation;

public sealed class InboxWriterTests
{
    private static InboxEntry Entry(int i) =>
        new($"slack:Ev{i}", new PersonKey(Platforms.Slack, "T1", "U1"), "{}", DateTimeOffset.UnixEpoch);

    /// <summary>Records each write; a write waits for <see cref="Gate"/> when one is set.</summary>
    private sealed class RecordingStore : IDeliveryStore
    {
        public List<DeliveryBatch> Writes { get; } = [];

        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
        {
            lock (Writes)
            {
                Writes.Add(batch);
            }
            FirstWriteStarted.TrySetResult();
            if (Gate is { } gate)
            {
                await gate.Task;
            }
            return [.. batch.Events.Select(_ => true)];
        }

        public Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<InboxEntry>>([]);

        public Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<OutboxEntry>>([]);

        public Task<long> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => Task.FromResult(0L);
    }

    [Fact]
    public async Task An_event_arriving_while_no_write_runs_is_stored_on_the_callers_thread_before_the_call_returns()
    {
        var store = new RecordingStore();
        using var writer = new InboxWriter(store, TimeProvider.System, NullLogger.Instance);
        int caller = Environment.CurrentManagedThreadId;
        int? queuedOn = null;

        Task<bool> stored = writer.StoreAsync(Entry(1), () => queuedOn = Environment.CurrentManagedThreadId);

        Assert.True(stored.IsCompletedSuccessfully, "stored before the call returned, no hand-over to another thread");
        Assert.True(await stored);
        Assert.Equal(caller, queuedOn);
        Assert.Equal("slack:Ev1", Assert.Single(Assert.Single(store.Writes).Events).Key);
        await writer.StopAsync();
    }

    [Fact]
    public async Task Events_arriving_during_a_write_go_together_into_the_next_one_with_the_marks_collected_meanwhile()
    {
        var store = new RecordingStore { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var writer = new InboxWriter(store, new FakeTimeProvider(), NullLogger.Instance); // the marks' own timer never fires
        var order = new List<int>();

        Task<bool> first = Task.Run(() => writer.StoreAsync(Entry(1), () => order.Add(1)));
        await store.FirstWriteStarted.Task;
        writer.Handled("slack:Ev1");
        writer.Sent("slack:Ev1", 0, "1.0");
        Task<bool>[] later = [.. Enumerable.Range(2, 3).Select(i => writer.StoreAsync(Entry(i), () => order.Add(i)))];
        Assert.All(later, t => Assert.False(t.IsCompleted)); // waiting for the write under way
        store.Gate.SetResult();

        Assert.True(await first);
        Assert.All(await Task.WhenAll(later), Assert.True);
        Assert.Equal(2, store.Writes.Count);
        DeliveryBatch second = store.Writes[1];
        Assert.Equal(["slack:Ev2", "slack:Ev3", "slack:Ev4"], second.Events.Select(e => e.Key));
        Assert.Equal(["slack:Ev1"], second.Handled);
        Assert.Equal(("slack:Ev1", 0), (Assert.Single(second.Sent).EventKey, second.Sent[0].Seq));
        Assert.Equal([1, 2, 3, 4], order);
        await writer.StopAsync();
    }

    [Fact]
    public async Task Marks_no_inbox_write_takes_along_are_written_on_their_own()
    {
        var store = new RecordingStore();
        var time = new FakeTimeProvider();
        using var writer = new InboxWriter(store, time, NullLogger.Instance);

        writer.Handled("slack:Ev9");
        await Task.Delay(50);
        Assert.Empty(store.Writes); // waiting for an inbox write to ride on

        for (int i = 0; i < 200 && store.Writes.Count == 0; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(25)); // the mark interval passes (again, in case the loop was not waiting yet)
            await Task.Delay(5);
        }
        DeliveryBatch marks = Assert.Single(store.Writes);
        Assert.Empty(marks.Events);
        Assert.Equal(["slack:Ev9"], marks.Handled);
        await writer.StopAsync();
    }
}
