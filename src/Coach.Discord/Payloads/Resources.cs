using System.Text.Json;

namespace Coach.Discord.Payloads;

// Discord resources as they arrive from the gateway and the REST API: users, members, channels, messages, interactions.

internal sealed record DiscordUser(string Id, string? Username = null, string? GlobalName = null, bool? Bot = null, bool? System = null);

internal sealed record DiscordMember(DiscordUser? User, string? Nick = null, string? Permissions = null)
{
    private const ulong Administrator = 1UL << 3;
    private const ulong ManageChannels = 1UL << 4;

    /// <summary>True with MANAGE_CHANNELS or ADMINISTRATOR in the channel (interactions carry the resolved permissions).</summary>
    public bool CanManageChannel => ulong.TryParse(Permissions, out var p) && (p & (Administrator | ManageChannels)) != 0;
}

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

/// <summary>A message read back from a channel (<c>GET /channels/{id}/messages</c>): who posted it and what it shows.</summary>
internal sealed record PostedMessage(string Id, DiscordUser Author, string? Content = null, IReadOnlyList<PostedEmbed>? Embeds = null);

/// <summary>What an embed read back shows, as far as telling two messages apart needs.</summary>
internal sealed record PostedEmbed(string? Title = null, string? Description = null);

/// <summary>A MESSAGE_UPDATE (a partial message: <c>content</c> is missing when only an embed changed) or a MESSAGE_DELETE
/// (id, channel and guild only).</summary>
internal sealed record MessageChange(
    string Id,
    string ChannelId,
    string? GuildId = null,
    DiscordUser? Author = null,
    string? Content = null,
    string? EditedTimestamp = null,
    string? WebhookId = null);

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

internal sealed record GatewayBot(string Url, int Shards, SessionStartLimit? SessionStartLimit);

internal sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);
