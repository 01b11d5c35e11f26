using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Storage;

/// <summary>
/// A transport's writer to the store's inbox and its marks (event handled, reply sent).
/// </summary>
/// <remarks>
/// An event can be stored two ways. <see cref="StoreAsync"/> writes it now (in a write of its own, unless one under way
/// takes it along): for a transport that handles the event only once it is stored. <see cref="QueueAsync"/> queues it
/// for the store's next write: the transport starts handling it at once, and the turn's own commit usually takes it
/// along, so a stored event costs no write of its own (a commit that handles the event does not even write it to the
/// inbox). The marks collected meanwhile go with the next event queued. While anything waits, it is looked at after
/// <see cref="RideWindow"/> (spacing out to <see cref="LongestWindow"/> while events keep coming): the marks left are
/// queued too, and what has waited since the last look with no write taking it along is written on its own; with events
/// coming steadily that never happens. A mark lost with a dying worker only means the next one
/// checks the platform before posting again.
/// </remarks>
public sealed class InboxWriter : IDisposable
{
    /// <summary>How soon what waits is first looked at: a queued event no write took along is written by the second look
    /// (its acknowledgement waits that long, at most two <see cref="LongestWindow"/>s while events keep coming), usually
    /// far sooner by its own turn's commit.</summary>
    public static readonly TimeSpan RideWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest gap between two looks: while events keep coming (what waits is always new, and the turns'
    /// commits take it along), the looks space out up to this, since each wakes a thread for nothing.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromMilliseconds(200);

    private readonly IDeliveryStore _store;
    private readonly ILogger _logger;
    private readonly ITimer _due;
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly ConcurrentQueue<string> _handled = new();
    private readonly ConcurrentQueue<SentReply> _sent = new();
    private int _scheduled;
    private long _windowTicks = RideWindow.Ticks;
    private int _failures;
    private volatile bool _closed;

    public InboxWriter(IDeliveryStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _due = time.CreateTimer(_ => OnDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IDeliveryStore Store => _store;

    /// <summary>Stores the event now. True once it is in the inbox (new or already there): acknowledge it. False when the
    /// store could not take it: leave it unacknowledged where the platform sends it again.</summary>
    public Task<bool> StoreAsync(InboxEntry entry) =>
        _closed ? Task.FromResult(false) : StoredAsync(Write(() => _store.RecordDeliveriesAsync(new DeliveryBatch([entry], [], []))), entry, [], []);

    /// <summary>Queues the event for the store's next write (normally the commit of the turn the caller starts for it at
    /// once), with the marks collected so far. Completes as <see cref="StoreAsync"/>.</summary>
    public Task<bool> QueueAsync(InboxEntry entry)
    {
        if (_closed)
        {
            return Task.FromResult(false);
        }
        var sent = Drain(_sent);
        var handled = Drain(_handled);
        Task<IReadOnlyList<bool>> write = Write(() => _store.QueueDeliveriesAsync(new DeliveryBatch([entry], sent, handled)));
        if (!write.IsCompleted)
        {
            Schedule();
        }
        return StoredAsync(write, entry, sent, handled);
    }

    /// <summary>The store's task; a store that throws instead of returning a failed task is treated the same.</summary>
    private static Task<IReadOnlyList<bool>> Write(Func<Task<IReadOnlyList<bool>>> write)
    {
        try
        {
            return write();
        }
        catch (Exception ex)
        {
            return Task.FromException<IReadOnlyList<bool>>(ex);
        }
    }

    private async Task<bool> StoredAsync(Task<IReadOnlyList<bool>> write, InboxEntry entry, List<SentReply> sent, List<string> handled)
    {
        try
        {
            if (!(await write)[0])
            {
                _logger.LogInformation("Event {Key} came again; it is in the inbox already", entry.Key);
            }
            return true;
        }
        catch (Exception ex)
        {
            _logger.LogWarning("The inbox could not store event {Key} ({Error})", entry.Key, ex.GetType().Name);
            Requeue(sent, handled);
            return false;
        }
    }

    public void Handled(string key)
    {
        _handled.Enqueue(key);
        Schedule();
    }

    public void Sent(string eventKey, int seq)
    {
        _sent.Enqueue(new SentReply(eventKey, seq));
        Schedule();
    }

    /// <summary>Sets the timer, unless it is set already.</summary>
    private void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _due.Change(TimeSpan.FromTicks(Volatile.Read(ref _windowTicks)), Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        Volatile.Write(ref _scheduled, 0); // anything queued from here on sets the timer again
        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        bool waiting = await FlushAsync(all: false, CancellationToken.None);
        // still waiting: all of it new since the last look, or the store failing; either way look less often, up to the
        // longest window. Nothing waiting: the next thing queued is looked at after the first window again.
        Volatile.Write(ref _windowTicks, waiting ? Math.Min(Volatile.Read(ref _windowTicks) * 2, LongestWindow.Ticks) : RideWindow.Ticks);
        if (waiting)
        {
            Schedule();
        }
    }

    /// <summary>Writes everything still waiting: the marks collected and the events queued.</summary>
    public Task FlushAsync(CancellationToken ct) => FlushAsync(all: true, ct);

    /// <summary>Queues the marks collected, then writes what has waited since the last look (everything, with
    /// <paramref name="all"/>). True while something is still waiting.</summary>
    private async Task<bool> FlushAsync(bool all, CancellationToken ct)
    {
        await _flushLock.WaitAsync(ct);
        try
        {
            var sent = Drain(_sent);
            var handled = Drain(_handled);
            if (sent.Count > 0 || handled.Count > 0)
            {
                Task write = Write(() => _store.QueueDeliveriesAsync(new DeliveryBatch([], sent, handled)));
                _ = write.ContinueWith(t => MarksFailed(t.Exception!, sent, handled), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            bool waiting = await _store.WriteQueuedAsync(ct);
            // everything: a second look finds what the first saw waiting (a few more, in case others keep queuing)
            for (int round = 0; all && waiting && round < 5; round++)
            {
                waiting = await _store.WriteQueuedAsync(ct);
            }
            return waiting || !_sent.IsEmpty || !_handled.IsEmpty;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // each batch has the failure in its own task: an event is not acknowledged, marks are kept for the next try
            _logger.LogDebug("Writing the queued inbox events and marks failed ({Error})", ex.GetType().Name);
            return true;
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private void MarksFailed(AggregateException error, List<SentReply> sent, List<string> handled)
    {
        if (Interlocked.Increment(ref _failures) % 100 == 1) // a store outage fails every round: say so now and then
        {
            _logger.LogWarning("Marking {Sent} replies sent and {Handled} events handled failed ({Error}); trying again",
                sent.Count, handled.Count, error.InnerException?.GetType().Name);
        }
        Requeue(sent, handled);
    }

    private void Requeue(List<SentReply> sent, List<string> handled)
    {
        if (_closed || (sent.Count == 0 && handled.Count == 0))
        {
            return;
        }
        sent.ForEach(_sent.Enqueue);
        handled.ForEach(_handled.Enqueue);
        Schedule();
    }

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        if (queue.IsEmpty)
        {
            return [];
        }
        var list = new List<T>();
        while (list.Count < 4096 && queue.TryDequeue(out var item))
        {
            list.Add(item);
        }
        return list;
    }

    /// <summary>Stops taking events and writes what is still waiting.</summary>
    public async Task StopAsync()
    {
        _closed = true;
        await _due.DisposeAsync();
        await FlushAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _closed = true;
        _due.Dispose();
    }
}
