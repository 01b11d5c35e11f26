using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Core.Tests.Conversation;

public sealed class InboxWriterTests
{
    private static InboxEntry Entry(int i) =>
        new($"slack:Ev{i}", new PersonKey(Platforms.Slack, "T1", "U1"), "{}", DateTimeOffset.UnixEpoch);

    /// <summary>Records what it is given. Queued batches wait until <see cref="WriteQueuedAsync"/> (or the test) writes them;
    /// with <see cref="Down"/> every write fails.</summary>
    private sealed class RecordingStore : IDeliveryStore
    {
        private readonly List<(DeliveryBatch Batch, TaskCompletionSource<IReadOnlyList<bool>> Done)> _queued = [];

        public List<DeliveryBatch> Written { get; } = [];

        public bool Down { get; set; }

        public int Looks => Volatile.Read(ref _looks);

        /// <summary>What <see cref="WriteQueuedAsync"/> answers: true as while events keep coming (what waits is all new).</summary>
        public bool StillWaiting { get; set; }

        private int _looks;

        public IReadOnlyList<DeliveryBatch> Queued
        {
            get
            {
                lock (_queued)
                {
                    return [.. _queued.Select(q => q.Batch)];
                }
            }
        }

        public Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
        {
            lock (Written)
            {
                Written.Add(batch);
            }
            return Down ? Task.FromException<IReadOnlyList<bool>>(new IOException("disk I/O error"))
                : Task.FromResult<IReadOnlyList<bool>>([.. batch.Events.Select(_ => true)]);
        }

        public Task<IReadOnlyList<bool>> QueueDeliveriesAsync(DeliveryBatch batch)
        {
            var done = new TaskCompletionSource<IReadOnlyList<bool>>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_queued)
            {
                _queued.Add((batch, done));
            }
            return done.Task;
        }

        /// <summary>Writes every batch queued (as a turn's commit would take them along).</summary>
        public void WriteQueued()
        {
            List<(DeliveryBatch Batch, TaskCompletionSource<IReadOnlyList<bool>> Done)> taken;
            lock (_queued)
            {
                taken = [.. _queued];
                _queued.Clear();
            }
            foreach (var (batch, done) in taken)
            {
                lock (Written)
                {
                    Written.Add(batch);
                }
                if (Down)
                {
                    done.SetException(new IOException("disk I/O error"));
                }
                else
                {
                    done.SetResult([.. batch.Events.Select(_ => true)]);
                }
            }
        }

        public Task<bool> WriteQueuedAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _looks);
            if (StillWaiting)
            {
                return Task.FromResult(true);
            }
            WriteQueued();
            return Task.FromResult(false);
        }

        public Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<InboxEntry>>([]);

        public Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<OutboxEntry>>([]);
    }

    [Fact]
    public async Task An_event_stored_now_is_written_in_a_write_of_its_own_before_it_is_acknowledged()
    {
        var store = new RecordingStore();
        using var writer = new InboxWriter(store, new FakeTimeProvider(), NullLogger.Instance);

        Assert.True(await writer.StoreAsync(Entry(1)));
        Assert.Equal("slack:Ev1", Assert.Single(Assert.Single(store.Written).Events).Key);
        Assert.Empty(store.Queued);
    }

    [Fact]
    public async Task A_queued_event_carries_the_marks_collected_so_far_and_is_acknowledged_only_once_a_write_took_it()
    {
        var store = new RecordingStore();
        using var writer = new InboxWriter(store, new FakeTimeProvider(), NullLogger.Instance);
        writer.Handled("slack:Ev0");
        writer.Sent("slack:Ev0", 0);

        Task<bool> stored = writer.QueueAsync(Entry(1));

        DeliveryBatch batch = Assert.Single(store.Queued);
        Assert.Equal(["slack:Ev1"], batch.Events.Select(e => e.Key));
        Assert.Equal(["slack:Ev0"], batch.Handled);
        Assert.Equal([new SentReply("slack:Ev0", 0)], batch.Sent);
        Assert.False(stored.IsCompleted, "not acknowledged before the store wrote it");
        store.WriteQueued(); // the turn's commit takes it along
        Assert.True(await stored);

        // the marks went with that event: the next carries none
        _ = writer.QueueAsync(Entry(2));
        Assert.Empty(store.Queued.Single().Handled);
    }

    [Fact]
    public async Task A_queued_event_the_store_refuses_is_not_acknowledged_and_its_marks_go_with_the_next()
    {
        var store = new RecordingStore { Down = true };
        using var writer = new InboxWriter(store, new FakeTimeProvider(), NullLogger.Instance);
        writer.Handled("slack:Ev0");

        Task<bool> refused = writer.QueueAsync(Entry(1));
        store.WriteQueued();
        Assert.False(await refused); // left unacknowledged: the platform sends it again

        store.Down = false;
        Task<bool> stored = writer.QueueAsync(Entry(2));
        Assert.Equal(["slack:Ev0"], store.Queued.Single().Handled);
        store.WriteQueued();
        Assert.True(await stored);
    }

    [Fact]
    public async Task What_waits_is_looked_at_every_window_and_marks_no_event_took_are_queued_on_their_own()
    {
        var store = new RecordingStore();
        var time = new FakeTimeProvider();
        using var writer = new InboxWriter(store, time, NullLogger.Instance);

        writer.Handled("slack:Ev9");
        Assert.Empty(store.Queued);
        Assert.Equal(0, store.Looks);

        time.Advance(InboxWriter.RideWindow);
        for (int i = 0; i < 200 && store.Looks == 0; i++)
        {
            await Task.Delay(5); // the timer's callback runs on the pool
        }
        Assert.Equal(1, store.Looks);
        DeliveryBatch marks = Assert.Single(store.Written);
        Assert.Empty(marks.Events);
        Assert.Equal(["slack:Ev9"], marks.Handled);

        // nothing waits any more: the timer is not set again
        time.Advance(InboxWriter.RideWindow * 5);
        await Task.Delay(50);
        Assert.Equal(1, store.Looks);
    }

    [Fact]
    public async Task While_what_waits_is_always_new_the_looks_space_out_and_come_back_once_nothing_waits()
    {
        var store = new RecordingStore { StillWaiting = true };
        var time = new FakeTimeProvider();
        using var writer = new InboxWriter(store, time, NullLogger.Instance);
        async Task LooksAsync(int expected)
        {
            for (int i = 0; i < 200 && store.Looks < expected; i++)
            {
                await Task.Delay(5);
            }
            await Task.Delay(20);
            Assert.Equal(expected, store.Looks);
        }

        writer.Handled("slack:Ev1");
        time.Advance(InboxWriter.RideWindow);
        await LooksAsync(1);
        time.Advance(InboxWriter.RideWindow); // the next look is two windows on
        await LooksAsync(1);
        time.Advance(InboxWriter.RideWindow);
        await LooksAsync(2);
        time.Advance(InboxWriter.LongestWindow * 4); // and never more than the longest window apart
        await LooksAsync(3);
        time.Advance(InboxWriter.LongestWindow);
        await LooksAsync(4);

        store.StillWaiting = false; // traffic stopped: this look writes what waited, and the timer rests
        time.Advance(InboxWriter.LongestWindow);
        await LooksAsync(5);
        time.Advance(InboxWriter.LongestWindow * 4);
        await LooksAsync(5);
        writer.Handled("slack:Ev2"); // the next mark is looked at after the first window again
        time.Advance(InboxWriter.RideWindow);
        await LooksAsync(6);
    }

    [Fact]
    public async Task Stopping_writes_the_marks_still_waiting_and_refuses_new_events()
    {
        var store = new RecordingStore();
        var writer = new InboxWriter(store, new FakeTimeProvider(), NullLogger.Instance);
        writer.Sent("slack:Ev3", 1);

        await writer.StopAsync();

        Assert.Equal([new SentReply("slack:Ev3", 1)], Assert.Single(store.Written).Sent);
        Assert.False(await writer.QueueAsync(Entry(4)));
        Assert.False(await writer.StoreAsync(Entry(5)));
        writer.Dispose();
    }
}
