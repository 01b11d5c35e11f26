namespace Coach.Slack.Inbound;

/// <summary>
/// Remembers event keys (event id, channel+ts, envelope id, trigger id) for a window, across all connections and HTTP
/// retries, so one Slack event is handled once however many times and ways it arrives.
/// </summary>
public sealed class DedupeCache(TimeSpan window, TimeProvider time, int capacity = 200_000)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) { return _seen.Count; } }
    }

    /// <summary>True when none of <paramref name="keys"/> was seen (the caller handles the event); false for a repeat.
    /// Either way every key is remembered, so a repeat that matches on one key also covers its other keys.</summary>
    public bool TryClaim(IEnumerable<string> keys)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Purge(now);
            bool fresh = true;
            foreach (var key in keys)
            {
                if (_seen.ContainsKey(key))
                {
                    fresh = false;
                    continue;
                }
                _seen[key] = now;
                _order.Enqueue((key, now));
            }
            return fresh;
        }
    }

    /// <summary>Forgets keys claimed for an event that could not be taken after all (the store refused it), so its redelivery is.</summary>
    public void Release(IEnumerable<string> keys)
    {
        lock (_lock)
        {
            foreach (var key in keys)
            {
                _seen.Remove(key);
            }
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (_order.TryPeek(out var head) && (head.At + window < now || _order.Count > capacity))
        {
            _order.Dequeue();
            if (_seen.TryGetValue(head.Key, out var at) && at == head.At)
            {
                _seen.Remove(head.Key);
            }
        }
    }
}
