using Coach.Core.Conversation;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Storage;

/// <summary>Wraps the engine: while the store cannot be reached, the person is told that Coach can't save right now and to send
/// the message again shortly, instead of an error or silence. Nothing about the event was written (the engine writes a turn in
/// one commit), so sending it again once the store is back continues the practice where it was, with no part doubled.</summary>
public sealed class StoreOutageGuard(ICoachEngine inner, IStoreFaults faults, ILogger<StoreOutageGuard> logger) : ICoachEngine
{
    public const string CannotSaveText =
        "I can't save anything right now, so I haven't taken that in. Please send it again in a minute; your practice so far is kept.";

    public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        try
        {
            return await inner.HandleAsync(incoming, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && faults.IsOutage(ex))
        {
            CoachMetrics.StoreUnavailable.Add(1, new KeyValuePair<string, object?>("platform", incoming.Platform));
            logger.LogWarning("The store cannot be reached ({Error}); told the person on {Platform} to send their {Kind} again",
                ex.GetType().Name, incoming.Platform, incoming.Kind);
            return [Outgoing.PrivatelyTo(incoming, CannotSaveText)];
        }
    }
}
