using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Storage;

/// <summary>
/// A transport's writer to the store's inbox and outbox marks. Events are written to the inbox before they are
/// acknowledged, in batches: whatever arrived while one write ran goes into the next, so a burst costs one transaction,
/// not one per event, and no event waits for a timer. The marks (event handled, reply sent) are collected and written
/// every <see cref="MarkInterval"/>: one lost with a dying worker only means the next one checks the platform before
/// posting again.
/// </summary>
public sealed class InboxWriter : IDisposable
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan MarkInterval = TimeSpan.FromMilliseconds(25);

    private readonly IDeliveryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<string> _handled = new();
    private readonly ConcurrentQueue<SentReply> _sent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly Task _writer;
    private readonly Task _marker;

    public InboxWriter(IDeliveryStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
        _marker = Task.Run(MarkLoopAsync);
    }

    public IDeliveryStore Store => _store;

    /// <summary>Stores the event. True once it is in the inbox (new or already there): acknowledge it. False when the
    /// store could not take it: leave it unacknowledged where the platform sends it again.</summary>
    /// <param name="stored">Run for a new event (not for one the inbox had already), in the order events were given.</param>
    public Task<bool> StoreAsync(InboxEntry entry, Action? stored = null)
    {
        var pending = new Pending(entry, stored, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            pending.Done.TrySetResult(false);
        }
        return pending.Done.Task;
    }

    public void Handled(string key) => _handled.Enqueue(key);

    public void Sent(string eventKey, int seq, string? reference) => _sent.Enqueue(new SentReply(eventKey, seq, reference, _time.GetUtcNow()));

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }
            // the marks collected meanwhile ride in the same transaction
            var sent = Drain(_sent);
            var handled = Drain(_handled);
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
                continue;
            }
            for (int i = 0; i < batch.Count; i++)
            {
                if (added[i])
                {
                    batch[i].Stored?.Invoke();
                }
                else
                {
                    _logger.LogInformation("Event {Key} came again; it is in the inbox already", batch[i].Entry.Key);
                }
                batch[i].Done.TrySetResult(true);
            }
        }
    }

    private async Task MarkLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(MarkInterval, _time, _stopping.Token);
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes the marks collected so far (those no inbox batch took along). A failed write keeps them for the next try.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushLock.WaitAsync(ct);
        try
        {
            var sent = Drain(_sent);
            var handled = Drain(_handled);
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

    /// <summary>Stops taking events and writes the marks still waiting.</summary>
    public async Task StopAsync()
    {
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_writer, _marker);
        await FlushAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _stopping.Cancel();
    }

    private sealed record Pending(InboxEntry Entry, Action? Stored, TaskCompletionSource<bool> Done);
}
