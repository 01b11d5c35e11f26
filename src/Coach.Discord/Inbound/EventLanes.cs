using Coach.Core.Conversation;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Inbound;

/// <summary>Per-channel lanes on the shared <see cref="KeyedWorkQueue"/>: the events of one channel are handled one after
/// another in arrival order, other channels' events in parallel, at most <c>Discord:EventLanes</c> at once. A channel
/// waiting on its own rate limit holds only its own slot, never another channel's turn.</summary>
internal sealed class EventLanes : IDisposable
{
    private readonly Func<WorkItem, CancellationToken, Task> _handle;
    private readonly Action<WorkItem> _answered;
    private readonly ILogger _log;
    private readonly KeyedWorkQueue _queue;
    private CancellationTokenRegistration _drain;
    private volatile bool _started;
    private volatile bool _completed;

    /// <param name="maxConcurrency">How many channels are handled at once.</param>
    /// <param name="handle">Handles one item.</param>
    /// <param name="answered">Called after a message item was handled, whether or not that failed (not when the drain
    /// cancelled it).</param>
    public EventLanes(int maxConcurrency, Func<WorkItem, CancellationToken, Task> handle, Action<WorkItem> answered, ILogger log)
    {
        _handle = handle;
        _answered = answered;
        _log = log;
        _queue = new KeyedWorkQueue(maxConcurrency, log);
    }

    /// <summary>Starts taking items. When <paramref name="drain"/> is cancelled, the items being handled see it and the
    /// items still queued are dropped unanswered.</summary>
    public void Start(CancellationToken drain)
    {
        _drain = drain.Register(_queue.Cancel);
        _started = true;
    }

    /// <summary>Takes no more items; the returned task ends when every item taken so far has finished or was dropped.</summary>
    public Task CompleteAsync()
    {
        _completed = true;
        return _queue.WhenIdleAsync(CancellationToken.None);
    }

    public ValueTask Enqueue(string key, WorkItem item)
    {
        if (_started && !_completed)
        {
            _queue.Enqueue(key, ct => RunAsync(item, ct));
        }
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        try
        {
            await _handle(item, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            _log.LogError("Discord {Event} failed: {Error}", item.Dispatch.Type, ex.GetType().Name + ": " + ex.Message);
        }
        if (item.Message is not null)
        {
            _answered(item);
        }
    }

    public void Dispose()
    {
        _drain.Dispose();
        _queue.Dispose();
    }
}
