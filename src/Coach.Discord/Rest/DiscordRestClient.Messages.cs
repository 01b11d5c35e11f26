using System.Globalization;
using Coach.Discord.Payloads;

namespace Coach.Discord.Rest;

/// <summary>Channel messages: sent with a nonce Discord enforces, so a retry never posts twice; and read back, for a reply
/// whose post may have been taken before its worker died.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>Posts a message. Without a <see cref="MessagePayload.Nonce"/> one is made up; an outbox reply brings its own,
    /// derived from its key, so the next worker's retry carries the same one.</summary>
    internal async Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken ct)
    {
        // The nonce is fixed before the first attempt so a retry after a lost answer never posts twice.
        payload = payload with
        {
            AllowedMentions = payload.AllowedMentions ?? AllowedMentions.None,
            Nonce = payload.Nonce ?? NewNonce(),
            EnforceNonce = true,
        };
        return (await SendAsync<DiscordMessage>(R(HttpMethod.Post, "/channels/{0}/messages", channelId, channelId), payload, authorize: true, ct, idempotent: true))!;
    }

    /// <summary>Up to <paramref name="limit"/> (at most 100) messages of the channel posted after the message
    /// <paramref name="afterId"/> (any snowflake, <see cref="Snowflake.At"/> for a moment), as Discord returns them.</summary>
    internal async Task<IReadOnlyList<PostedMessage>> GetMessagesAfterAsync(string channelId, string afterId, int limit, CancellationToken ct)
    {
        var route = R(HttpMethod.Get, "/channels/{0}/messages", channelId, channelId);
        route = route with { Path = route.Path + $"?after={Uri.EscapeDataString(afterId)}&limit={Math.Clamp(limit, 1, 100).ToString(CultureInfo.InvariantCulture)}" };
        return await SendAsync<List<PostedMessage>>(route, null, authorize: true, ct, idempotent: true) ?? [];
    }

    internal static string NewNonce() => Guid.NewGuid().ToString("N")[..25];
}
