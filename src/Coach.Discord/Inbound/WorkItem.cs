using Coach.Core.Conversation;
using Coach.Discord.Gateway;
using Coach.Discord.Interactions;
using Coach.Discord.Payloads;

namespace Coach.Discord.Inbound;

/// <summary>An event waiting on its lane: a message for Coach (or an edit or deletion of one, <see cref="Change"/>) or an
/// interaction, with the session generation it came in.</summary>
internal sealed record WorkItem(GatewayDispatch Dispatch, DiscordMessage? Message, InteractionState? Interaction, int Generation = 0)
{
    /// <summary><see cref="IncomingKind.Edited"/> or <see cref="IncomingKind.Deleted"/> when <see cref="Message"/> is a change
    /// to an earlier message; <see cref="ChangeId"/> then names that change (message id and edit time) for handling it once.</summary>
    public IncomingKind? Change { get; init; }

    public string? ChangeId { get; init; }
}
