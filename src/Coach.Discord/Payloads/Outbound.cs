namespace Coach.Discord.Payloads;

// What Coach sends: message and modal payloads, embeds, components, interaction callbacks and request bodies.

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
