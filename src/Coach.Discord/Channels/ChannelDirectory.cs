using System.Collections.Concurrent;
using Coach.Discord.Payloads;

namespace Coach.Discord.Channels;

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
