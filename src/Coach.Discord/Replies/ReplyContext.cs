using Coach.Core.Conversation;
using Coach.Discord.Delivery;
using Coach.Discord.Gateway;
using Coach.Discord.Interactions;

namespace Coach.Discord.Replies;

/// <summary>One incoming event being answered: what came in, its interaction if any, and what the replies did so far.</summary>
internal sealed class ReplyContext(Incoming incoming, InteractionState? interaction, GatewayDispatch? dispatch)
{
    public Incoming Incoming { get; } = incoming;
    public InteractionState? Interaction { get; } = interaction;
    public GatewayDispatch? Dispatch { get; } = dispatch;
    public FormRequest? FormShown { get; set; }
    public string? Pointer { get; set; }
    public bool ReplySentNoted { get; set; }
    public TimeSpan RestTime { get; set; }
    /// <summary>The outbox reply being sent now, if the reply comes from the outbox.</summary>
    public OutboxRow? Row { get; set; }
    /// <summary>A reply a dead worker left, sent by this one: the interaction it answered is gone with that worker.</summary>
    public bool Recovered { get; init; }
}
