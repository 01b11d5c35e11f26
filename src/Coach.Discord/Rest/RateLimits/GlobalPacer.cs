namespace Coach.Discord.Rest.RateLimits;

/// <summary>Client-side pacing under Discord's global request limit (per second window).</summary>
internal sealed class GlobalPacer(int perSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _windowStart;
    private int _count;

    public async Task WaitAsync(CancellationToken ct)
    {
        if (perSecond <= 0)
        {
            return;
        }
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                long now = time.GetTimestamp();
                if (time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromSeconds(1))
                {
                    _windowStart = now;
                    _count = 0;
                }
                if (_count < perSecond)
                {
                    _count++;
                    return;
                }
                wait = TimeSpan.FromSeconds(1) - time.GetElapsedTime(_windowStart, now);
            }
            await Task.Delay(wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait, time, ct);
        }
    }
}
