using Coach.Core.Conversation;

namespace Coach.Slack.Inbound;

/// <summary>One accepted Slack event, normalised, with what answering it may need
/// (the trigger id for <c>views.open</c>, valid 3 s) and the keys that identify it for deduplication.</summary>
public sealed record SlackWork(Incoming Incoming, string? TriggerId, IReadOnlyList<string> DedupeKeys)
{
    /// <summary>Events for one channel run in order; different channels run in parallel.</summary>
    public string OrderingKey => string.IsNullOrEmpty(Incoming.Channel) ? "u:" + Incoming.User : Incoming.Channel;

    /// <summary>A slash command's <c>response_url</c>: the way to answer where the bot is not a member (5 uses, 30 minutes).</summary>
    public string? ResponseUrl { get; init; }

    /// <summary>Set by the transport when the event arrived (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long ReceivedTimestamp { get; init; }
}
