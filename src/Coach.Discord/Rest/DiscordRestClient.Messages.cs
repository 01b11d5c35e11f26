using Coach.Discord.Payloads;

namespace Coach.Discord.Rest;

/// <summary>Channel messages: sent with a nonce Discord enforces, so a retry never posts twice.</summary>
public sealed partial class DiscordRestClient
{
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

    internal static string NewNonce() => Guid.NewGuid().ToString("N")[..25];
}
