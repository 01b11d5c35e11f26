namespace Coach.Discord.Rest.RateLimits;

/// <summary>One rate-limit bucket for one top-level resource: requests go through one at a time.</summary>
internal sealed class RouteBucket
{
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(20);
    private readonly Lock _lock = new();
    private int _remaining = 1;
    private DateTimeOffset _resetAt;
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public void Update(int remaining, DateTimeOffset resetAt)
    {
        lock (_lock)
        {
            _remaining = remaining;
            _resetAt = resetAt;
        }
    }

    public void Block(DateTimeOffset until)
    {
        lock (_lock)
        {
            _remaining = 0;
            if (until > _resetAt)
            {
                _resetAt = until;
            }
        }
    }

    public void CopyFrom(RouteBucket other)
    {
        lock (other._lock)
        {
            Update(other._remaining, other._resetAt);
        }
    }

    public async Task WaitAsync(TimeProvider time, CancellationToken ct)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_remaining > 0 || now >= _resetAt)
            {
                if (now >= _resetAt && _remaining <= 0)
                {
                    _remaining = 1; // reset: allow one request, whose headers tell the rest
                }
                _remaining--;
                return;
            }
            // a small margin: timers may fire a little early and the reset is rounded to the millisecond
            wait = _resetAt - now + ResetMargin;
        }
        Coach.Core.CoachMetrics.RateLimitWaits.Add(1, new KeyValuePair<string, object?>("transport", "discord"));
        await Task.Delay(wait, time, ct);
        lock (_lock)
        {
            _remaining = 0; // the answer's headers set the real figure
        }
    }
}
