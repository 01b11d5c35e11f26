using Coach.Core.Storage;

namespace Coach.Storage;

/// <summary>How long both stores hold an event queued alone (see <see cref="EventHold{T}"/>).</summary>
public static class EventHold
{
    /// <summary>How long an event queued alone is held for its own turn's commit (or its handled mark), which handles it
    /// without writing it to the inbox; written by another write it would be written and taken out again a moment later.
    /// Past this it rides in whichever write comes next, or the next look of <see cref="IDeliveryStore.WriteQueuedAsync"/>
    /// writes it, so its acknowledgement waits this long at most plus a look's window: well inside Slack's 3 s. A turn
    /// takes a few milliseconds; an event waits longer only behind a backlog, and each one that then skips its row is work
    /// the backlog does not add (with 20 ms, nearly every event past the load the store keeps up with got a row, and the
    /// store fell further behind for it).</summary>
    public static readonly TimeSpan For = TimeSpan.FromMilliseconds(500);
}

/// <summary>Events held for their own turns' commits, by key and in the order they came, for both stores (see
/// <see cref="EventHold.For"/>): a turn's commit or a handled mark takes its event by key; once the oldest has
/// been held <see cref="EventHold.For"/>, the next write takes it and those after it held as long.</summary>
/// <typeparam name="T">What the store keeps for a held event (its task, its batch).</typeparam>
internal sealed class EventHold<T>(TimeProvider time)
    where T : class
{
    private sealed class Entry(string key, T item, long heldAt)
    {
        public string Key => key;

        public T Item => item;

        /// <summary>When it was held (<see cref="TimeProvider.GetTimestamp"/>).</summary>
        public long HeldAt => heldAt;

        /// <summary>Taken out of the hold since (its place in the order is dropped when it comes up).</summary>
        public bool Taken { get; set; }
    }

    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly Queue<Entry> _inOrder = new();
    private readonly Lock _lock = new();

    /// <summary>Holds <paramref name="item"/> under <paramref name="key"/>; false, with the item held under that key
    /// already, when there is one.</summary>
    public bool TryHold(string key, T item, out T? first)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out Entry? held))
            {
                first = held.Item;
                return false;
            }
            var entry = new Entry(key, item, time.GetTimestamp());
            _byKey.Add(key, entry);
            _inOrder.Enqueue(entry);
            first = null;
            return true;
        }
    }

    /// <summary>Takes the event held under <paramref name="key"/> out of the hold, if there is one.</summary>
    public T? Take(string key)
    {
        lock (_lock)
        {
            if (!_byKey.Remove(key, out Entry? held))
            {
                return null;
            }
            held.Taken = true;
            return held.Item;
        }
    }

    public bool Contains(string key)
    {
        lock (_lock)
        {
            return _byKey.ContainsKey(key);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>Whether the oldest event held has been held <see cref="EventHold.For"/>.</summary>
    public bool AnyPastHold()
    {
        long now = time.GetTimestamp();
        lock (_lock)
        {
            return Oldest() is { } oldest && HeldItsTime(oldest, now);
        }
    }

    /// <summary>Takes, in the order they came, up to <paramref name="max"/> events held at least
    /// <see cref="EventHold.For"/>; null when there is none.</summary>
    public List<T>? TakePastHold(int max)
    {
        long now = time.GetTimestamp();
        List<T>? taken = null;
        lock (_lock)
        {
            // the rest came later still than the first not held its time
            while ((taken?.Count ?? 0) < max && Oldest() is { } oldest && HeldItsTime(oldest, now))
            {
                _inOrder.Dequeue();
                _byKey.Remove(oldest.Key);
                oldest.Taken = true;
                (taken ??= []).Add(oldest.Item);
            }
        }
        return taken;
    }

    /// <summary>The oldest event still held, dropping from the order those taken since. The caller holds the lock.</summary>
    private Entry? Oldest()
    {
        while (_inOrder.TryPeek(out Entry? entry) && entry.Taken)
        {
            _inOrder.Dequeue();
        }
        return _inOrder.TryPeek(out Entry? oldest) ? oldest : null;
    }

    private bool HeldItsTime(Entry entry, long now) => time.GetElapsedTime(entry.HeldAt, now) >= EventHold.For;
}
