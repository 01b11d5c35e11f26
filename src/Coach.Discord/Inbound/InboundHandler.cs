using Coach.Core.Conversation;
using Coach.Discord.Channels;
using Coach.Discord.Commands;
using Coach.Discord.Gateway;
using Coach.Discord.Interactions;
using Coach.Discord.Payloads;
using Coach.Discord.Rendering;
using Coach.Discord.Replies;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Inbound;

/// <summary>Handles one event from its lane: a message (in a DM or a thread Coach opened) or an interaction (command, button,
/// modal) becomes an <see cref="Incoming"/> for the engine, and its replies are sent.</summary>
internal sealed class InboundHandler
{
    private readonly DiscordGatewayClient _gateway;
    private readonly DiscordRestClient _rest;
    private readonly ChannelDirectory _channels;
    private readonly ReplySender _replies;
    private readonly InteractionResponder _responder;
    private readonly PendingForms _forms;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public InboundHandler(
        DiscordGatewayClient gateway,
        DiscordRestClient rest,
        ChannelDirectory channels,
        ReplySender replies,
        InteractionResponder responder,
        PendingForms forms,
        TimeProvider time,
        ILogger log)
    {
        _gateway = gateway;
        _rest = rest;
        _channels = channels;
        _replies = replies;
        _responder = responder;
        _forms = forms;
        _time = time;
        _log = log;
    }

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        if (item.Message is not null)
        {
            await HandleMessageAsync(item.Dispatch, item.Message, ct);
        }
        else if (item.Interaction is not null)
        {
            await HandleInteractionAsync(item.Dispatch, item.Interaction, ct);
        }
    }

    private async Task HandleMessageAsync(GatewayDispatch dispatch, DiscordMessage message, CancellationToken ct)
    {
        string workspace;
        string channel = message.ChannelId;
        string? thread = null;
        bool direct = message.GuildId is null;
        if (direct)
        {
            workspace = "@dm";
        }
        else
        {
            workspace = message.GuildId!;
            var info = await _channels.FindOrFetchAsync(message.ChannelId, _rest, _log, ct);
            if (info is null || !info.IsThread || info.OwnerId != _gateway.BotUserId)
            {
                return; // Coach answers plain messages only in DMs and in the threads it opened
            }
            channel = info.ParentId ?? message.ChannelId;
            thread = message.ChannelId;
        }
        var incoming = new Incoming(
            Platforms.Discord, workspace, channel, thread, message.Author.Id, message.Id, _time.GetUtcNow(),
            IncomingKind.Message, Text: message.Content, IsDirect: direct,
            UserDisplayName: message.Member?.Nick ?? message.Author.GlobalName ?? message.Author.Username);
        _log.LogDebug("Discord message {Id} in {Channel}", message.Id, message.ChannelId);
        var ctx = new ReplyContext(incoming, null, dispatch);
        await _replies.RunEngineAndReplyAsync(ctx, incoming, ct);
    }

    private async Task HandleInteractionAsync(GatewayDispatch dispatch, InteractionState state, CancellationToken ct)
    {
        var i = state.Interaction;
        var user = i.Member?.User ?? i.User;
        if (user is null)
        {
            await _responder.AcknowledgeAsync(state);
            return;
        }
        bool direct = i.GuildId is null;
        string channel = i.ChannelId ?? "";
        string? thread = null;
        if (i.Channel is { } ch && ChannelTypes.IsThread(ch.Type))
        {
            _channels.Record(ch);
            thread = ch.Id;
            channel = ch.ParentId ?? ch.Id;
        }
        var at = _time.GetUtcNow();
        var baseIncoming = new Incoming(Platforms.Discord, direct ? "@dm" : i.GuildId!, channel, thread, user.Id, i.Id, at, IncomingKind.Message,
            IsDirect: direct, UserDisplayName: i.Member?.Nick ?? user.GlobalName ?? user.Username, CanManage: i.Member?.CanManageChannel == true);

        Incoming? incoming = null;
        switch (i.Type)
        {
            case InteractionType.Command when i.Data?.Name == CoachCommands.Name:
                var sub = i.Data.Options?.FirstOrDefault(o => o.Type == 1);
                if (sub is not null)
                {
                    incoming = baseIncoming with { Kind = IncomingKind.Command, Command = sub.Name, Text = DiscordInboundParser.CommandText(sub) };
                }
                break;
            case InteractionType.Component when i.Data?.CustomId is { } customId:
                if (customId.StartsWith(PendingForms.FormButtonPrefix, StringComparison.Ordinal))
                {
                    await _forms.OpenPendingFormAsync(state, customId[PendingForms.FormButtonPrefix.Length..], ct);
                    return;
                }
                (string actionId, string? actionValue) = DiscordRenderer.ParseButtonCustomId(customId);
                incoming = baseIncoming with { Kind = IncomingKind.Button, ActionId = actionId, ActionValue = actionValue };
                break;
            case InteractionType.ModalSubmit when i.Data?.CustomId is { } formId:
                incoming = baseIncoming with { Kind = IncomingKind.Form, FormId = formId, FormValues = DiscordInboundParser.FormValues(i.Data.Components) };
                break;
        }
        if (incoming is null)
        {
            await _responder.AcknowledgeAsync(state);
            await _responder.FinishInteractionAsync(new ReplyContext(baseIncoming, state, dispatch), "Coach does not know that command.", ct);
            return;
        }
        _log.LogDebug("Discord interaction {Id} ({Kind})", i.Id, incoming.Kind);
        var ctx = new ReplyContext(incoming, state, dispatch);
        await _replies.RunEngineAndReplyAsync(ctx, incoming, ct);
        await _responder.FinishInteractionAsync(ctx, null, ct);
    }
}
