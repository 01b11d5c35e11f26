namespace Coach.Slack.Api;

/// <summary>
/// Spaces posts to one channel at least <c>interval</c> apart (Slack allows about one message a second per channel).
/// Each caller reserves the next free slot, so posts to a channel leave in the order they asked.
/// </summary>
internal sealed class ChannelPacer(TimeSpan interval, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task WaitTurnAsync(string channel, CancellationToken ct)
    {
        if (interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }
        var now = time.GetUtcNow();
        DateTimeOffset slot;
        lock (_lock)
        {
            if (_next.Count > 10_000)
            {
                foreach (var stale in _next.Where(kv => kv.Value < now).Select(kv => kv.Key).ToList())
                {
                    _next.Remove(stale);
                }
            }
            slot = _next.TryGetValue(channel, out var next) && next > now ? next : now;
            _next[channel] = slot + interval;
        }
        var wait = slot - now;
        if (wait <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }
        Coach.Core.CoachMetrics.RateLimitWaits.Add(1, new KeyValuePair<string, object?>("transport", "slack"));
        return Task.Delay(wait, time, ct);
    }
}
