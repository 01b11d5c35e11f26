using System.Text.Json;
using Coach.Discord.Payloads;

namespace Coach.Discord.Rest;

/// <summary>Interaction callbacks and the interaction webhook (follow-ups, the original response): authorised by the interaction token, not the bot token.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>Interaction callbacks need no bot token and are outside the global limit.</summary>
    internal Task CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken ct) =>
        SendAsync<JsonElement?>(R(HttpMethod.Post, "/interactions/{0}/{token}/callback", interactionId, interactionId, token), response, authorize: false, ct);

    internal async Task<DiscordMessage?> CreateFollowupAsync(string applicationId, string token, MessagePayload payload, CancellationToken ct)
    {
        payload = payload with { AllowedMentions = payload.AllowedMentions ?? AllowedMentions.None };
        return await SendAsync<DiscordMessage>(R(HttpMethod.Post, "/webhooks/{0}/{token}", applicationId + "/" + token, applicationId, token), payload, authorize: false, ct);
    }

    internal async Task<DiscordMessage?> EditOriginalAsync(string applicationId, string token, MessagePayload payload, CancellationToken ct)
    {
        payload = payload with { AllowedMentions = payload.AllowedMentions ?? AllowedMentions.None, Flags = null };
        return await SendAsync<DiscordMessage>(R(HttpMethod.Patch, "/webhooks/{0}/{token}/messages/@original", applicationId + "/" + token, applicationId, token), payload, authorize: false, ct, idempotent: true);
    }

    internal Task DeleteOriginalAsync(string applicationId, string token, CancellationToken ct) =>
        SendAsync<JsonElement?>(R(HttpMethod.Delete, "/webhooks/{0}/{token}/messages/@original", applicationId + "/" + token, applicationId, token), null, authorize: false, ct, idempotent: true);
}
