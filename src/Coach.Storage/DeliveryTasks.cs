namespace Coach.Storage;

/// <summary>How both stores complete the tasks of events held for their own turns (see <see cref="EventHold.For"/>).</summary>
internal static class DeliveryTasks
{
    /// <summary>The event's outcome once its marks are written too (a failure of either fails both: the event is then not
    /// acknowledged and the marks are collected again, and writing either twice does no harm).</summary>
    public static async Task<IReadOnlyList<bool>> BothAsync(Task<IReadOnlyList<bool>> marks, Task<IReadOnlyList<bool>> events)
    {
        try
        {
            await marks;
        }
        catch
        {
            // the event's own write goes on (it may be held a while): its outcome is observed, not left to the finalizer
            _ = events.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
        return await events;
    }

    /// <summary>A second copy of an event still held (the platform sent it again while the first waited): a repeat, known
    /// as one once the first is stored or handled, and failed if the first fails, so neither copy is acknowledged before
    /// the event is safe. It is never written itself.</summary>
    public static async Task<IReadOnlyList<bool>> RepeatOfHeldAsync(Task<IReadOnlyList<bool>> first)
    {
        await first;
        return [false];
    }
}
