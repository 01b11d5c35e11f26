using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Storage;

/// <summary>
/// A transport's writer to the store's inbox and outbox marks. Events are written to the inbox before they are
/// acknowledged. When no write is under way, the caller writes its event itself, at once and on its own thread: an event
/// arriving alone costs one transaction and no hand-over to another thread and back. Events that arrive while a write
/// runs go into the next one, all in one transaction, so a burst still costs one transaction per batch and no event
/// waits for a timer. The marks (event handled, reply sent) ride on the next inbox write; those no write took along
/// within <see cref="MarkInterval"/> are written on their own (a timer, stopped whenever a write took them all). One
/// lost with a dying worker only means the next one checks the platform before posting again.
/// </summary>
public sealed class InboxWriter : IDisposable
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan MarkInterval = TimeSpan.FromMilliseconds(25);

    private readonly IDeliveryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Queue<Pending> _pending = new();
    private readonly ConcurrentQueue<string> _handled = new();
    private readonly ConcurrentQueue<SentReply> _sent = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly ITimer _marksDue;
    private TaskCompletionSource? _writing; // while a writer runs; completed once it found nothing more to write
    private bool _closed;
    private int _marksScheduled;

    public InboxWriter(IDeliveryStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _marksDue = time.CreateTimer(_ => OnMarksDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IDeliveryStore Store => _store;

    /// <summary>Stores the event. True once it is in the inbox (new or already there): acknowledge it. False when the
    /// store could not take it: leave it unacknowledged where the platform sends it again.</summary>
    /// <param name="stored">Run for a new event (not for one the inbox had already), in the order events were given.</param>
    /// <remarks>When no write is under way, the event is written before this returns on a store that does not wait (SQLite
    /// when its writer is free), and the task comes back complete.</remarks>
    public Task<bool> StoreAsync(InboxEntry entry, Action? stored = null)
    {
        var pending = new Pending(entry, stored, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            if (_closed)
            {
                return Task.FromResult(false);
            }
            _pending.Enqueue(pending);
            if (_writing is not null)
            {
                return pending.Done.Task; // the writer under way takes it in its next batch
            }
            _writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _ = WriteAsync(callerThread: true);
        return pending.Done.Task;
    }

    public void Handled(string key)
    {
        _handled.Enqueue(key);
        ScheduleMarks();
    }

    public void Sent(string eventKey, int seq, string? reference)
    {
        _sent.Enqueue(new SentReply(eventKey, seq, reference, _time.GetUtcNow()));
        ScheduleMarks();
    }

    /// <summary>Writes batches until none is waiting. On the caller's thread it writes one batch; what arrived meanwhile
    /// goes to a pool thread, so no caller writes other events for long.</summary>
    private async Task WriteAsync(bool callerThread)
    {
        if (!callerThread)
        {
            await Task.Yield();
        }
        while (true)
        {
            var batch = new List<Pending>();
            lock (_lock)
            {
                while (batch.Count < MaxBatch && _pending.TryDequeue(out var p))
                {
                    batch.Add(p);
                }
                if (batch.Count == 0)
                {
                    _writing!.TrySetResult();
                    _writing = null;
                    return;
                }
            }
            Task write = WriteBatchAsync(batch);
            bool onCallerThread = callerThread && write.IsCompleted; // a store that had to wait resumed on a pool thread
            await write;
            if (onCallerThread)
            {
                lock (_lock)
                {
                    if (_pending.Count == 0)
                    {
                        _writing!.TrySetResult();
                        _writing = null;
                        return;
                    }
                }
                _ = WriteAsync(callerThread: false);
                return;
            }
            callerThread = false; // on a pool thread from here: write on until the queue is empty
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        // the marks collected meanwhile ride in the same transaction
        var sent = Drain(_sent);
        var handled = Drain(_handled);
        UnscheduleMarksIfNoneLeft();
        IReadOnlyList<bool> added;
        try
        {
            added = await _store.RecordDeliveriesAsync(new DeliveryBatch([.. batch.Select(p => p.Entry)], sent, handled, _time.GetUtcNow()));
        }
        catch (Exception ex)
        {
            _logger.LogWarning("The inbox could not store {Count} events ({Error})", batch.Count, ex.GetType().Name);
            Requeue(sent, handled);
            foreach (var p in batch)
            {
                p.Done.TrySetResult(false);
            }
            return;
        }
        for (int i = 0; i < batch.Count; i++)
        {
            if (added[i])
            {
                try
                {
                    batch[i].Stored?.Invoke();
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Queueing the stored event {Key} failed", batch[i].Entry.Key);
                }
            }
            else
            {
                _logger.LogInformation("Event {Key} came again; it is in the inbox already", batch[i].Entry.Key);
            }
            batch[i].Done.TrySetResult(true);
        }
    }

    /// <summary>Sets the timer that writes the marks on their own, unless it is set already.</summary>
    private void ScheduleMarks()
    {
        if (Interlocked.Exchange(ref _marksScheduled, 1) == 0)
        {
            _marksDue.Change(MarkInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>An inbox write took every mark along: the timer is not needed, and not firing saves waking a thread for
    /// nothing (with events coming steadily, the marks always ride).</summary>
    private void UnscheduleMarksIfNoneLeft()
    {
        if (_sent.IsEmpty && _handled.IsEmpty && Interlocked.Exchange(ref _marksScheduled, 0) == 1)
        {
            _marksDue.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (!_sent.IsEmpty || !_handled.IsEmpty)
            {
                ScheduleMarks(); // one came meanwhile
            }
        }
    }

    private void OnMarksDue()
    {
        Volatile.Write(ref _marksScheduled, 0); // a mark queued from here on sets the timer again
        _ = FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes the marks collected so far (those no inbox batch took along). A failed write keeps them for the next try.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushLock.WaitAsync(ct);
        try
        {
            var sent = Drain(_sent);
            var handled = Drain(_handled);
            if (sent.Count == 0 && handled.Count == 0)
            {
                return;
            }
            try
            {
                await _store.RecordDeliveriesAsync(new DeliveryBatch([], sent, handled, _time.GetUtcNow()), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _logger.LogWarning("Marking {Sent} replies sent and {Handled} events handled failed ({Error}); trying again", sent.Count, handled.Count, ex.GetType().Name);
                Requeue(sent, handled);
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private void Requeue(List<SentReply> sent, List<string> handled)
    {
        sent.ForEach(_sent.Enqueue);
        handled.ForEach(_handled.Enqueue);
        ScheduleMarks();
    }

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var list = new List<T>();
        while (list.Count < 4096 && queue.TryDequeue(out var item))
        {
            list.Add(item);
        }
        return list;
    }

    /// <summary>Stops taking events, waits for the write under way and writes the marks still waiting.</summary>
    public async Task StopAsync()
    {
        Task? writing;
        lock (_lock)
        {
            _closed = true;
            writing = _writing?.Task;
        }
        await (writing ?? Task.CompletedTask);
        await _marksDue.DisposeAsync();
        await FlushAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
        }
        _marksDue.Dispose();
    }

    private sealed record Pending(InboxEntry Entry, Action? Stored, TaskCompletionSource<bool> Done);
}
