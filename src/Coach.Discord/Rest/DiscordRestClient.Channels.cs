using Coach.Discord.Payloads;

namespace Coach.Discord.Rest;

/// <summary>Channels, DMs and threads.</summary>
public sealed partial class DiscordRestClient
{
    internal async Task<DiscordChannel> CreateDmAsync(string userId, CancellationToken ct) =>
        (await SendAsync<DiscordChannel>(R(HttpMethod.Post, "/users/@me/channels", ""), new CreateDm(userId), authorize: true, ct))!;

    internal async Task<DiscordChannel> GetChannelAsync(string channelId, CancellationToken ct) =>
        (await SendAsync<DiscordChannel>(R(HttpMethod.Get, "/channels/{0}", channelId, channelId), null, authorize: true, ct, idempotent: true))!;

    /// <summary>Starts a thread from a message (the thread takes the message's id: one thread a message, so starting it
    /// again answers 400 with code 160004).</summary>
    internal async Task<DiscordChannel> StartThreadFromMessageAsync(string channelId, string messageId, string name, CancellationToken ct) =>
        (await SendAsync<DiscordChannel>(R(HttpMethod.Post, "/channels/{0}/messages/{id}/threads", channelId, channelId, messageId),
            new StartThread(Truncate(name, 100), null, 1440), authorize: true, ct))!;
}
