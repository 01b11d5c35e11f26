namespace Coach.Discord.Inbound;

/// <summary>A bounded set of recently seen ids: replayed gateway events (after a resume) are dropped.</summary>
internal sealed class RecentIds(int capacity = 50_000)
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public bool Contains(string id)
    {
        lock (_lock)
        {
            return _set.Contains(id);
        }
    }

    /// <summary>True the first time an id is seen.</summary>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            if (!_set.Add(id))
            {
                return false;
            }
            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _set.Remove(_order.Dequeue());
            }
            return true;
        }
    }
}
