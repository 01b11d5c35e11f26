using System.Collections.Concurrent;
using Coach.Core.Conversation;
using Coach.Discord.Payloads;
using Coach.Discord.Rest;

namespace Coach.Discord.Interactions;

/// <summary>Forms that could not open as a modal (the interaction was already answered): each waits behind a button that
/// opens it, for 30 minutes.</summary>
internal sealed class PendingForms
{
    internal const string FormButtonPrefix = "coach-form:";
    private readonly ConcurrentDictionary<string, PendingForm> _pendingForms = new(StringComparer.Ordinal);
    private readonly InteractionResponder _responder;
    private readonly DiscordRestClient _rest;
    private readonly TimeProvider _time;

    public PendingForms(InteractionResponder responder, DiscordRestClient rest, TimeProvider time)
    {
        _responder = responder;
        _rest = rest;
        _time = time;
    }

    /// <summary>Keeps a form that came too late to open as a modal; returns the key its button carries after <see cref="FormButtonPrefix"/>.</summary>
    public string Add(FormRequest form)
    {
        var key = Guid.NewGuid().ToString("N")[..16];
        _pendingForms[key] = new PendingForm(form, _time.GetUtcNow());
        PrunePendingForms();
        return key;
    }

    public async Task OpenPendingFormAsync(InteractionState state, string key, CancellationToken ct)
    {
        if (_pendingForms.TryGetValue(key, out var pending) && await _responder.TryShowModalAsync(state, pending.Form))
        {
            return;
        }
        await _responder.AcknowledgeAsync(state);
        if (state.CanFollowUp)
        {
            await _rest.CreateFollowupAsync(state.Interaction.ApplicationId, state.Interaction.Token,
                new MessagePayload("That form has expired. Start again with /coach review.", Flags: MessageFlags.Ephemeral), ct);
        }
    }

    private void PrunePendingForms()
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromMinutes(30);
        foreach (var (key, value) in _pendingForms)
        {
            if (value.At < cutoff)
            {
                _pendingForms.TryRemove(key, out _);
            }
        }
    }

    private sealed record PendingForm(FormRequest Form, DateTimeOffset At);
}
