using Microsoft.Extensions.Logging;

namespace Coach.Core.Conversation;

/// <summary>
/// Runs work off the receive path: items with the same key run one after another in arrival order, different keys in
/// parallel, at most <c>maxConcurrency</c> at once. Enqueue never blocks, so acks are never held up by slow work.
/// </summary>
public sealed class KeyedWorkQueue(int maxConcurrency, ILogger logger) : IDisposable
{
    private readonly Dictionary<string, Queue<Func<CancellationToken, Task>>> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(string key, Func<CancellationToken, Task> work)
    {
        lock (_lock)
        {
            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
            if (_lanes.TryGetValue(key, out var lane))
            {
                lane.Enqueue(work);
                return;
            }
            _lanes[key] = new Queue<Func<CancellationToken, Task>>();
        }
        _ = Task.Run(() => RunLaneAsync(key, work));
    }

    private async Task RunLaneAsync(string key, Func<CancellationToken, Task> work)
    {
        while (true)
        {
            try
            {
                await _slots.WaitAsync(_stopping.Token);
                try
                {
                    await work(_stopping.Token);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Queued work failed");
            }
            lock (_lock)
            {
                if (--_pending == 0)
                {
                    _idle.TrySetResult();
                }
                var lane = _lanes[key];
                if (lane.Count == 0)
                {
                    _lanes.Remove(key);
                    return;
                }
                work = lane.Dequeue();
            }
        }
    }

    /// <summary>Waits until every queued item has run (or <paramref name="ct"/> ends).</summary>
    public Task WhenIdleAsync(CancellationToken ct)
    {
        Task idle;
        lock (_lock)
        {
            idle = _idle.Task;
        }
        return idle.WaitAsync(ct);
    }

    /// <summary>Cancels work still running or queued.</summary>
    public void Cancel() => _stopping.Cancel();

    public void Dispose()
    {
        // The semaphore is left to the GC: lanes still finishing at shutdown release it (it holds no wait handle).
        _stopping.Cancel();
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }
        return tcs;
    }
}
