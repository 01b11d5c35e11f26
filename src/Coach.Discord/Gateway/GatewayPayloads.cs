using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Discord.Payloads;

namespace Coach.Discord.Gateway;

// The gateway's own frames: the envelope, hello, ready, identify and resume.

internal sealed record GatewayFrame(int Op, JsonElement D, int? S, string? T);

internal sealed record HelloData(int HeartbeatInterval);

internal sealed record ReadyData(int V, DiscordUser User, string SessionId, string ResumeGatewayUrl, ReadyApplication? Application);

internal sealed record ReadyApplication(string Id);

internal sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties, int[]? Shard);

internal sealed record IdentifyProperties(
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("browser")] string Browser,
    [property: JsonPropertyName("device")] string Device);

internal sealed record ResumeData(string Token, string SessionId, int? Seq);
