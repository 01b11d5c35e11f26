using Coach.Discord.Payloads;

namespace Coach.Discord.Interactions;

/// <summary>One received interaction and whether (and how) it was acknowledged; <see cref="Gate"/> lets one answer win.</summary>
internal sealed class InteractionState(Interaction interaction)
{
    public Interaction Interaction { get; } = interaction;
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public ITimer? Timer { get; set; }
    /// <summary>0 not yet, -1 failed, else the callback type sent.</summary>
    public int AckType { get; set; }
    public bool OriginalUsed { get; set; }
    /// <summary>The token can no longer be used: the interaction was older than Discord's 3 s when handled (replayed after a
    /// restart) or its callback was answered 404 Unknown interaction. Its replies go as messages: in the channel or thread
    /// when they were public anyway, else by DM.</summary>
    public bool Expired { get; set; }
    /// <summary>Follow-ups need a deferred message or update; after a modal the reply goes by DM instead.</summary>
    public bool CanFollowUp => !Expired && AckType is CallbackType.DeferredMessage or CallbackType.DeferredUpdate;

    /// <summary>Discord's window for the first answer to an interaction.</summary>
    public static readonly TimeSpan ResponseWindow = TimeSpan.FromSeconds(3);

    /// <summary>How long an interaction token lives; an age beyond it (or below zero) says the clocks disagree, not that the
    /// interaction is old, so it is not believed and the callback's answer decides.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>True when the interaction, created at <paramref name="created"/> (its snowflake), is past its 3 s at <paramref name="now"/>.</summary>
    public static bool TooOld(DateTimeOffset created, DateTimeOffset now) =>
        now - created > ResponseWindow && now - created <= TokenLifetime;
    /// <summary>Completes once the interaction is in the store's inbox (at once without an inbox): nothing answers it before.</summary>
    public Task Stored { get; set; } = Task.CompletedTask;
    /// <summary>Its key in the inbox, when it was stored there.</summary>
    public string? InboxKey { get; set; }
}
