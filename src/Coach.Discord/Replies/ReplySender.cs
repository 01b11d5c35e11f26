using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Channels;
using Coach.Discord.Delivery;
using Coach.Discord.Gateway;
using Coach.Discord.Interactions;
using Coach.Discord.Payloads;
using Coach.Discord.Rendering;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Replies;

/// <summary>Runs the engine on an incoming event and sends what it decides: to the channel or thread, as an ephemeral
/// follow-up or by DM, a form as a modal or as a button that opens it. With the store's outbox, the engine saves the replies
/// with the turn and each is marked sent once Discord took it (<see cref="ReplySender"/>'s Outbox part).</summary>
internal sealed partial class ReplySender
{
    private readonly ICoachEngine _engine;
    private readonly DiscordRestClient _rest;
    private readonly DiscordGatewayClient _gateway;
    private readonly ChannelDirectory _channels;
    private readonly DmChannels _dmChannels;
    private readonly InteractionResponder _responder;
    private readonly PendingForms _forms;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly InboxWriter? _outbox;

    public ReplySender(
        ICoachEngine engine,
        DiscordRestClient rest,
        DiscordGatewayClient gateway,
        ChannelDirectory channels,
        DmChannels dmChannels,
        InteractionResponder responder,
        PendingForms forms,
        TimeProvider time,
        ILogger log,
        InboxWriter? outbox = null)
    {
        _outbox = outbox;
        _engine = engine;
        _rest = rest;
        _gateway = gateway;
        _channels = channels;
        _dmChannels = dmChannels;
        _responder = responder;
        _forms = forms;
        _time = time;
        _log = log;
    }

    /// <summary>For the load harness: the event type, the time from the event's arrival to its first reply sent, and
    /// how much of that was spent waiting on Discord's HTTP answers.</summary>
    public Action<string, TimeSpan, TimeSpan>? ReplySent { get; set; }

    /// <summary>Posts without an incoming event (daily prompts, pairing notes). Failures propagate so the caller can retry.</summary>
    public async Task SendProactiveAsync(string workspace, Outgoing message, CancellationToken ct)
    {
        bool direct = workspace == "@dm";
        var incoming = new Incoming(Platforms.Discord, workspace, message.Channel, message.Thread, message.User, "proactive:" + Guid.NewGuid().ToString("N"),
            _time.GetUtcNow(), IncomingKind.Message, IsDirect: direct);
        var ctx = new ReplyContext(incoming, null, null);
        await SendReplyAsync(ctx, message, 0, ct);
    }

    public async Task RunEngineAndReplyAsync(ReplyContext ctx, Incoming incoming, CancellationToken ct)
    {
        IReadOnlyList<Outgoing> replies;
        // with the outbox, the engine keeps the replies with the turn's commit: a worker dying before they are out leaves them to the next
        incoming = incoming with { Durable = Durable };
        string? eventKey = OutboxKey(incoming);
        try
        {
            replies = await _engine.HandleAsync(incoming, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _log.LogError("Coach engine failed on Discord {Kind} {Id}: {Error}", incoming.Kind, incoming.EventId, ex.GetType().Name);
            replies = [new Outgoing(ctx.Interaction is null ? (incoming.Thread is null ? Visibility.Channel : Visibility.Thread) : Visibility.Ephemeral,
                incoming.Channel, incoming.Thread, incoming.User, "Sorry, something went wrong there. Please try again.")];
            eventKey = null; // not in the outbox
        }
        await SendRepliesAsync(ctx, replies, 0, eventKey, ct);
    }

    /// <param name="eventKey">The replies are the outbox rows of this event, numbered in order; null when they are not in the outbox.</param>
    private async Task SendRepliesAsync(ReplyContext ctx, IReadOnlyList<Outgoing> replies, int depth, string? eventKey, CancellationToken ct)
    {
        // A form can only open as the first answer to a command or button: try that before anything is deferred.
        if (ctx.Interaction is { } state && replies.FirstOrDefault(r => r.Form is not null) is { Form: { } form } && await _responder.TryShowModalAsync(state, form))
        {
            ctx.FormShown = form;
        }
        if (ctx.Interaction is not null)
        {
            await _responder.AcknowledgeAsync(ctx.Interaction);
        }
        for (int seq = 0; seq < replies.Count; seq++)
        {
            await SendOneAsync(ctx, replies[seq], depth, eventKey is null ? null : new OutboxRow(eventKey, seq), ct);
        }
    }

    private async Task SendReplyAsync(ReplyContext ctx, Outgoing reply, int depth, CancellationToken ct)
    {
        if (reply.Form is { } shown && ReferenceEquals(shown, ctx.FormShown))
        {
            return; // the modal is this reply
        }
        if (reply.Form is { } form)
        {
            // Too late for a modal (already acknowledged): offer a button that opens it.
            var key = _forms.Add(form);
            reply = reply with { Buttons = [.. reply.ButtonsOrEmpty, new ActionButton(PendingForms.FormButtonPrefix + key, DiscordText.Truncate("Open: " + form.Title, 80), ButtonStyle.Primary)] };
        }
        var payloads = DiscordRenderer.Render(reply);
        if (payloads.Count == 0)
        {
            return;
        }
        switch (reply.Visibility)
        {
            case Visibility.Channel:
                await PostAsync(ctx, reply.Channel, payloads, ct);
                break;
            case Visibility.Thread when reply.Thread is not null:
                await PostAsync(ctx, reply.Thread, payloads, ct);
                break;
            case Visibility.Thread when reply.OpenThreadTitle is not null && !ctx.Incoming.IsDirect:
                await OpenThreadAndPostAsync(ctx, reply, payloads, depth, ct);
                break;
            case Visibility.Thread:
                await PostAsync(ctx, reply.Channel, payloads, ct);
                break;
            case Visibility.Ephemeral when ctx.Interaction is { CanFollowUp: true } state:
                foreach (var p in payloads)
                {
                    // editing @original is idempotent; a follow-up has no nonce (one in flight at a crash may show twice)
                    if (state.AckType == CallbackType.DeferredMessage && !state.OriginalUsed)
                    {
                        state.OriginalUsed = true;
                        await _rest.EditOriginalAsync(state.Interaction.ApplicationId, state.Interaction.Token, p, ct);
                    }
                    else
                    {
                        await _rest.CreateFollowupAsync(state.Interaction.ApplicationId, state.Interaction.Token, p with { Flags = MessageFlags.Ephemeral }, ct);
                    }
                    NoteReplySent(ctx);
                }
                break;
            case Visibility.Ephemeral when (ctx.Interaction is { Expired: true } || ctx.Recovered) && !ctx.Incoming.IsDirect:
                await SendLateReplyAsync(ctx, reply, payloads, ct);
                break;
            case Visibility.Ephemeral:
            case Visibility.Direct:
                var dm = ctx.Incoming.IsDirect && reply.User == ctx.Incoming.User ? ctx.Incoming.Channel : await _dmChannels.GetAsync(reply.User, ct);
                await PostAsync(ctx, dm, payloads, ct);
                if (!ctx.Incoming.IsDirect)
                {
                    ctx.Pointer ??= "Sent you a direct message.";
                }
                break;
        }
    }

    /// <summary>A private reply to an interaction whose token is dead goes by DM. When the person takes no DMs from the bot,
    /// a note in the channel mentions them alone and carries none of the private text.</summary>
    private async Task SendLateReplyAsync(ReplyContext ctx, Outgoing reply, IReadOnlyList<MessagePayload> payloads, CancellationToken ct)
    {
        try
        {
            await PostAsync(ctx, await _dmChannels.GetAsync(reply.User, ct), payloads, ct);
        }
        catch (DiscordHttpException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            _log.LogInformation("Discord would not take a DM for a late interaction ({Code}); noting it in the channel", ex.Code);
            string where = ctx.Incoming.Thread ?? ctx.Incoming.Channel;
            await PostAsync(ctx, where, [new MessagePayload(
                $"<@{reply.User}> I answered you too late to show it only to you, and I can't send you a direct message. " +
                "Allow direct messages from this server's members, then try again.",
                AllowedMentions: new AllowedMentions([], [reply.User]))], ct);
        }
    }

    private async Task PostAsync(ReplyContext ctx, string channelId, IReadOnlyList<MessagePayload> payloads, CancellationToken ct)
    {
        foreach (var payload in payloads)
        {
            await PostOneAsync(ctx, channelId, payload, ct);
        }
    }

    /// <summary>Posts one message of a reply and returns its id: from an outbox row, with the row's next nonce, and past
    /// Discord's nonce window not at all when the dead worker's post is in the channel already (its id is returned).</summary>
    private async Task<string> PostOneAsync(ReplyContext ctx, string channelId, MessagePayload payload, CancellationToken ct)
    {
        var p = payload;
        long started = _time.GetTimestamp();
        if (ctx.Row is { } row)
        {
            p = p with { Nonce = row.NextNonce() };
            if (row.LookSince is { } since && await FindPostedAsync(channelId, p, since, row, ct) is { } posted)
            {
                return posted; // the dead worker's post went through: not again
            }
        }
        var message = await _rest.CreateMessageAsync(channelId, p, ct);
        ctx.RestTime += _time.GetElapsedTime(started);
        NoteReplySent(ctx);
        return message.Id;
    }

    private void NoteReplySent(ReplyContext ctx)
    {
        if (!ctx.ReplySentNoted && ReplySent is { } hook && ctx.Dispatch is not null)
        {
            ctx.ReplySentNoted = true;
            hook(ctx.Dispatch.Type, _time.GetElapsedTime(ctx.Dispatch.ReceivedAt), ctx.RestTime);
        }
    }
}
