namespace Coach.Storage;

/// <summary>
/// The SQLite store's single-writer lock, with a fast lane: an urgent writer (events a transport must store before it
/// may acknowledge them) goes before writers already waiting, so an acknowledgement waits for at most the write under
/// way, never for a queue of turns. Otherwise first come, first served.
/// </summary>
internal sealed class WriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly Queue<TaskCompletionSource> _normal = new();
    private bool _held;

    public async Task WaitAsync(CancellationToken ct, bool urgent = false)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _normal).Enqueue(waiter);
        }
        using (ct.Register(() => waiter.TrySetCanceled(ct)))
        {
            await waiter.Task;
        }
    }

    /// <summary>Hands the lock to the next waiter (urgent ones first) that has not given up, or frees it.</summary>
    public void Release()
    {
        lock (_lock)
        {
            while (_urgent.TryDequeue(out var next) || _normal.TryDequeue(out next))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }
            _held = false;
        }
    }
}
