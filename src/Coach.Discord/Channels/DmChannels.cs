using System.Collections.Concurrent;
using Coach.Discord.Rest;

namespace Coach.Discord.Channels;

/// <summary>The DM channel of each person Coach writes to directly.</summary>
internal sealed class DmChannels
{
    private readonly DiscordRestClient _rest;
    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);

    public DmChannels(DiscordRestClient rest)
    {
        _rest = rest;
    }

    /// <summary>The DM channel with a person: opened on first use, then kept.</summary>
    public async Task<string> GetAsync(string userId, CancellationToken ct)
    {
        if (_dmChannels.TryGetValue(userId, out var id))
        {
            return id;
        }
        var channel = await _rest.CreateDmAsync(userId, ct);
        if (_dmChannels.Count > 100_000)
        {
            _dmChannels.Clear();
        }
        _dmChannels[userId] = channel.Id;
        return channel.Id;
    }
}
