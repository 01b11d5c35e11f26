using Coach.Core.Conversation;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Storage;

/// <summary>Wraps the engine: while the store cannot be reached, the person is told that Coach can't save right now and to send
/// the message again shortly, instead of an error or silence. Nothing about the event was written (the engine writes a turn in
/// one commit), so sending it again once the store is back continues the practice where it was, with no part doubled.
/// An event the transport keeps in the store's inbox (<see cref="Incoming.InInbox"/>) is not the person's to send again: it
/// is safe in the inbox and is handled when the store is back, so the guard says nothing to the person and throws
/// <see cref="StoreUnavailableException"/>, for the transport to leave the event unhandled. A "send it again" there would
/// have the part taken twice: once from the resend, once from the inbox.</summary>
/// <remarks>A turn that fails at once is tried once more before the person is told: after a database restart the pooled
/// connections are dead, and the first call finds that out (and the pool drops them) while the server is already back. The
/// event id makes the second try safe: a turn the first try did commit is recognised as a duplicate. A slow failure (a
/// timeout, a file locked past its busy timeout) is not tried again.</remarks>
public sealed class StoreOutageGuard(ICoachEngine inner, IStoreFaults faults, TimeProvider time, ILogger<StoreOutageGuard> logger) : ICoachEngine
{
    public const string CannotSaveText =
        "I can't save anything right now, so I haven't taken that in. Please send it again in a minute; your practice so far is kept.";

    /// <summary>A failure faster than this is a dead connection or a refused one, and worth one more try.</summary>
    private static readonly TimeSpan QuickFailure = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        long started = time.GetTimestamp();
        try
        {
            return await inner.HandleAsync(incoming, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && faults.IsOutage(ex) && time.GetElapsedTime(started) < QuickFailure)
        {
            logger.LogInformation("The store failed at once ({Error}); trying the {Kind} once more", ex.GetType().Name, incoming.Kind);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && faults.IsOutage(ex))
        {
            return CannotSave(incoming, ex);
        }
        try
        {
            return await inner.HandleAsync(incoming, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && faults.IsOutage(ex))
        {
            return CannotSave(incoming, ex);
        }
    }

    private IReadOnlyList<Outgoing> CannotSave(Incoming incoming, Exception ex)
    {
        if (incoming.InInbox)
        {
            logger.LogWarning("The store cannot be reached ({Error}); the {Kind} on {Platform} stays in the inbox until it is back",
                ex.GetType().Name, incoming.Kind, incoming.Platform);
            throw new StoreUnavailableException("The store cannot be reached; the event was not handled.", ex);
        }
        CoachMetrics.StoreUnavailable.Add(1, new KeyValuePair<string, object?>("platform", incoming.Platform));
        logger.LogWarning("The store cannot be reached ({Error}); told the person on {Platform} to send their {Kind} again",
            ex.GetType().Name, incoming.Platform, incoming.Kind);
        return [Outgoing.PrivatelyTo(incoming, CannotSaveText)];
    }
}
