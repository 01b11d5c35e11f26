using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Gateway;
using Coach.Discord.Interactions;
using Coach.Discord.Payloads;

namespace Coach.Discord.Inbound;

/// <summary>An event waiting on its lane: a message for Coach (or an edit or deletion of one, <see cref="Change"/>) or an
/// interaction, with the session generation it came in; or an outbox reply a dead worker left (<see cref="Resend"/>).</summary>
internal sealed record WorkItem(GatewayDispatch Dispatch, DiscordMessage? Message, InteractionState? Interaction, int Generation = 0)
{
    /// <summary><see cref="IncomingKind.Edited"/> or <see cref="IncomingKind.Deleted"/> when <see cref="Message"/> is a change
    /// to an earlier message; <see cref="ChangeId"/> then names that change (message id and edit time) for handling it once.</summary>
    public IncomingKind? Change { get; init; }

    public string? ChangeId { get; init; }

    /// <summary>A saved reply to send again, taken up by a sweep: on its channel's lane, in order with that channel's events.</summary>
    public OutboxEntry? Resend { get; init; }
}
