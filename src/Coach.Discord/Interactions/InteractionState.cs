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
    /// <summary>Follow-ups need a deferred message or update; after a modal the reply goes by DM instead.</summary>
    public bool CanFollowUp => AckType is CallbackType.DeferredMessage or CallbackType.DeferredUpdate;
    /// <summary>Completes once the interaction is in the store's inbox (at once without an inbox): nothing answers it before.</summary>
    public Task Stored { get; set; } = Task.CompletedTask;
    /// <summary>Its key in the inbox, when it was stored there.</summary>
    public string? InboxKey { get; set; }
}
