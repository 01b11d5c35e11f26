using Coach.Core.Conversation;
using Coach.Discord.Payloads;
using Coach.Discord.Rendering;
using Coach.Discord.Replies;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Interactions;

/// <summary>Answers interactions within Discord's 3 s: the deferral, a modal as the first answer, and the deferred reply's
/// last edit. Each interaction is answered once, behind its <see cref="InteractionState.Gate"/>.</summary>
internal sealed class InteractionResponder
{
    private readonly DiscordRestClient _rest;
    private readonly ILogger _log;

    public InteractionResponder(DiscordRestClient rest, ILogger log)
    {
        _rest = rest;
        _log = log;
    }

    /// <summary>Defers the interaction if nothing answered it yet: type 5 (ephemeral) for commands and forms,
    /// type 6 for buttons.</summary>
    public async Task AcknowledgeAsync(InteractionState state)
    {
        await state.Stored; // stored before its callback: a worker that dies after acknowledging leaves it to the next
        await state.Gate.WaitAsync();
        try
        {
            if (state.AckType != 0)
            {
                return;
            }
            var i = state.Interaction;
            if (state.Expired)
            {
                state.AckType = -1; // a callback now would only earn a 404
                return;
            }
            var response = i.Type == InteractionType.Component
                ? new InteractionResponse(CallbackType.DeferredUpdate)
                : new InteractionResponse(CallbackType.DeferredMessage, new MessagePayload(AllowedMentions: AllowedMentions.None, Flags: MessageFlags.Ephemeral));
            try
            {
                await _rest.CreateInteractionResponseAsync(i.Id, i.Token, response, CancellationToken.None);
                state.AckType = response.Type;
            }
            catch (DiscordHttpException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
            {
                Expire(state);
            }
            catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
            {
                state.AckType = -1;
                _log.LogWarning("Discord interaction {Id} could not be acknowledged: {Error}", i.Id, ex.Message);
            }
        }
        finally
        {
            state.Gate.Release();
            state.Timer?.Dispose();
        }
    }

    public async Task<bool> TryShowModalAsync(InteractionState state, FormRequest form)
    {
        if (state.Interaction.Type == InteractionType.ModalSubmit)
        {
            return false; // a modal cannot answer a modal
        }
        await state.Stored;
        await state.Gate.WaitAsync();
        try
        {
            if (state.AckType != 0 || state.Expired)
            {
                return false;
            }
            var i = state.Interaction;
            await _rest.CreateInteractionResponseAsync(i.Id, i.Token, new InteractionResponse(CallbackType.Modal, DiscordRenderer.RenderModal(form)), CancellationToken.None);
            state.AckType = CallbackType.Modal;
            return true;
        }
        catch (DiscordHttpException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            Expire(state);
            return false;
        }
        catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
        {
            _log.LogWarning("Discord modal could not be shown: {Error}", ex.Message);
            return false;
        }
        finally
        {
            state.Gate.Release();
            state.Timer?.Dispose();
        }
    }

    /// <summary>Discord answered 404 (Unknown interaction, 10062): acknowledged too late, the token is dead.</summary>
    private void Expire(InteractionState state)
    {
        state.AckType = -1;
        state.Expired = true;
        _log.LogInformation("Discord interaction {Id} came too late to be answered in place; its replies go as messages", state.Interaction.Id);
    }

    /// <summary>A deferred "thinking…" reply must be replaced: with a pointer to where the answer went, or a note.</summary>
    public async Task FinishInteractionAsync(ReplyContext ctx, string? note, CancellationToken ct)
    {
        var state = ctx.Interaction!;
        if (state.AckType == CallbackType.DeferredMessage && !state.OriginalUsed)
        {
            state.OriginalUsed = true;
            try
            {
                if ((note ?? ctx.Pointer) is { } text)
                {
                    await _rest.EditOriginalAsync(state.Interaction.ApplicationId, state.Interaction.Token, new MessagePayload(text), ct);
                }
                else
                {
                    // every reply went elsewhere (the channel, a DM): remove the "thinking…" placeholder
                    await _rest.DeleteOriginalAsync(state.Interaction.ApplicationId, state.Interaction.Token, ct);
                }
            }
            catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
            {
                _log.LogWarning("Discord could not finish interaction {Id}: {Error}", state.Interaction.Id, ex.Message);
            }
        }
    }
}
