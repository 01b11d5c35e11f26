using System.Collections.Concurrent;

namespace Coach.Discord;

/// <summary>A bounded set of recently seen ids: replayed gateway events (after a resume) are dropped.</summary>
internal sealed class RecentIds(int capacity = 50_000)
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

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

/// <summary>What Coach knows of channels: which are threads (and their parents) and which threads the bot opened.</summary>
internal sealed class ChannelDirectory
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, ChannelInfo> _channels = new(StringComparer.Ordinal);

    public sealed record ChannelInfo(bool IsThread, string? ParentId, string? OwnerId);

    public void Record(DiscordChannel channel)
    {
        if (_channels.Count >= Capacity)
        {
            _channels.Clear();
        }
        _channels[channel.Id] = new ChannelInfo(ChannelTypes.IsThread(channel.Type), channel.ParentId, channel.OwnerId);
    }

    public void Remove(string channelId) => _channels.TryRemove(channelId, out _);

    public ChannelInfo? Find(string channelId) => _channels.TryGetValue(channelId, out var info) ? info : null;
}
