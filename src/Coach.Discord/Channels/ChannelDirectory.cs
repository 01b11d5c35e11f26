using System.Collections.Concurrent;
using Coach.Discord.Payloads;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

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

    /// <summary>What is known of the channel, asked of Discord when the gateway has not told it yet.</summary>
    public async Task<ChannelInfo?> FindOrFetchAsync(string channelId, DiscordRestClient rest, ILogger log, CancellationToken ct)
    {
        var info = Find(channelId);
        if (info is not null)
        {
            return info;
        }
        try
        {
            var channel = await rest.GetChannelAsync(channelId, ct);
            Record(channel);
            return Find(channelId);
        }
        catch (DiscordHttpException ex)
        {
            log.LogWarning("Discord channel lookup failed ({Status})", (int)ex.Status);
            return null;
        }
    }
}
