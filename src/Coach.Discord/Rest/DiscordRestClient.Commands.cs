using System.Text.Json;

namespace Coach.Discord.Rest;

/// <summary>Application commands, global or in one guild.</summary>
public sealed partial class DiscordRestClient
{
    internal Task<JsonElement> GetCommandsAsync(string applicationId, string? guildId, CancellationToken ct) =>
        guildId is null
            ? SendAsync<JsonElement>(R(HttpMethod.Get, "/applications/{0}/commands", applicationId, applicationId), null, authorize: true, ct, idempotent: true)
            : SendAsync<JsonElement>(R(HttpMethod.Get, "/applications/{0}/guilds/{guild}/commands", guildId, applicationId, guildId), null, authorize: true, ct, idempotent: true);

    internal Task<JsonElement> PutCommandsAsync(string applicationId, string? guildId, object commands, CancellationToken ct) =>
        guildId is null
            ? SendAsync<JsonElement>(R(HttpMethod.Put, "/applications/{0}/commands", applicationId, applicationId), commands, authorize: true, ct, idempotent: true)
            : SendAsync<JsonElement>(R(HttpMethod.Put, "/applications/{0}/guilds/{guild}/commands", guildId, applicationId, guildId), commands, authorize: true, ct, idempotent: true);
}
