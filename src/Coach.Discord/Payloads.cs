using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coach.Discord;

/// <summary>The JSON settings of the Discord wire format: snake_case names, nulls left out.</summary>
internal static class DiscordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

// ---- gateway ----

internal sealed record GatewayFrame(int Op, JsonElement D, int? S, string? T);

internal sealed record GatewayBot(string Url, int Shards, SessionStartLimit? SessionStartLimit);

internal sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

internal sealed record HelloData(int HeartbeatInterval);

internal sealed record ReadyData(int V, DiscordUser User, string SessionId, string ResumeGatewayUrl, ReadyApplication? Application);

internal sealed record ReadyApplication(string Id);

internal sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties, int[]? Shard);

internal sealed record IdentifyProperties(
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("browser")] string Browser,
    [property: JsonPropertyName("device")] string Device);

internal sealed record ResumeData(string Token, string SessionId, int? Seq);

// ---- resources ----

internal sealed record DiscordUser(string Id, string? Username = null, string? GlobalName = null, bool? Bot = null, bool? System = null);

internal sealed record DiscordMember(DiscordUser? User, string? Nick = null);

internal sealed record DiscordChannel(string Id, int Type, string? GuildId = null, string? ParentId = null, string? OwnerId = null, string? Name = null);

internal sealed record DiscordMessage(
    string Id,
    string ChannelId,
    DiscordUser Author,
    string? Content = null,
    string? GuildId = null,
    string? WebhookId = null,
    int Type = 0,
    DiscordMember? Member = null);

internal sealed record ThreadListSync(string GuildId, IReadOnlyList<DiscordChannel>? Threads);

internal sealed record GuildCreate(string Id, IReadOnlyList<DiscordChannel>? Threads);

internal sealed record Interaction(
    string Id,
    string ApplicationId,
    int Type,
    string Token,
    InteractionData? Data = null,
    string? GuildId = null,
    string? ChannelId = null,
    DiscordChannel? Channel = null,
    DiscordMember? Member = null,
    DiscordUser? User = null);

internal sealed record InteractionData(
    string? Id = null,
    string? Name = null,
    int? Type = null,
    IReadOnlyList<CommandOptionValue>? Options = null,
    string? CustomId = null,
    int? ComponentType = null,
    IReadOnlyList<SubmittedComponent>? Components = null);

internal sealed record CommandOptionValue(string Name, int Type, JsonElement? Value = null, IReadOnlyList<CommandOptionValue>? Options = null);

/// <summary>A modal submit component: an action row (1) or label (18) holding a text input (4).</summary>
internal sealed record SubmittedComponent(
    int Type,
    string? CustomId = null,
    string? Value = null,
    IReadOnlyList<SubmittedComponent>? Components = null,
    SubmittedComponent? Component = null);

// ---- what Coach sends ----

internal sealed record AllowedMentions(IReadOnlyList<string> Parse, IReadOnlyList<string>? Users = null)
{
    public static readonly AllowedMentions None = new([]);
}

internal sealed record EmbedField(string Name, string Value, bool? Inline = null);

internal sealed record EmbedFooter(string Text);

internal sealed record Embed(string? Title = null, string? Description = null, int? Color = null, IReadOnlyList<EmbedField>? Fields = null, EmbedFooter? Footer = null);

/// <summary>Any message or modal component (action row 1, button 2, text input 4, label 18).</summary>
internal sealed record DiscordComponent(
    int Type,
    int? Style = null,
    string? Label = null,
    string? CustomId = null,
    IReadOnlyList<DiscordComponent>? Components = null,
    DiscordComponent? Component = null,
    int? MaxLength = null,
    bool? Required = null,
    string? Placeholder = null);

internal sealed record MessagePayload(
    string? Content = null,
    IReadOnlyList<Embed>? Embeds = null,
    IReadOnlyList<DiscordComponent>? Components = null,
    AllowedMentions? AllowedMentions = null,
    int? Flags = null,
    string? Nonce = null,
    bool? EnforceNonce = null);

internal sealed record ModalData(string CustomId, string Title, IReadOnlyList<DiscordComponent> Components);

internal sealed record InteractionResponse(int Type, object? Data = null);

internal sealed record CreateDm(string RecipientId);

internal sealed record StartThread(string Name, int? Type = null, int? AutoArchiveDuration = null);

internal sealed record ApiError(string? Message, int? Code, double? RetryAfter, bool? Global);

internal static class InteractionType
{
    public const int Ping = 1;
    public const int Command = 2;
    public const int Component = 3;
    public const int Autocomplete = 4;
    public const int ModalSubmit = 5;
}

internal static class CallbackType
{
    public const int Message = 4;
    public const int DeferredMessage = 5;
    public const int DeferredUpdate = 6;
    public const int Modal = 9;
}

internal static class MessageFlags
{
    public const int Ephemeral = 64;
}

internal static class ChannelTypes
{
    public const int GuildText = 0;
    public const int Dm = 1;
    public static bool IsThread(int type) => type is 10 or 11 or 12;
    public const int PublicThread = 11;
}
