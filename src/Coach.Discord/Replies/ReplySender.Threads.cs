using Coach.Core.Conversation;
using Coach.Discord.Payloads;
using Coach.Discord.Rendering;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Replies;

/// <summary>A reply that opens a thread: the thread is started, the engine hears of it (so the session is bound to the thread
/// before the prompt appears there), then the prompt and the engine's further replies are posted.</summary>
/// <remarks>The thread is started from a message of its own in the channel (its title), not on its own: the message is
/// posted like any other part of the reply (with the outbox row's nonce, or found in the channel past Discord's nonce
/// window), and a thread started from a message takes the message's id, one thread a message. So a reply taken up after a
/// dead worker had opened its thread finds that thread (Discord answers 160004, "A thread has already been created for
/// this message") and continues in it, instead of opening a second one and leaving the first empty.</remarks>
internal sealed partial class ReplySender
{
    private const int MaxThreadOpenedDepth = 2;

    /// <summary>Discord's JSON error code for a message that has a thread already.</summary>
    private const int MessageHasThread = 160004;

    private async Task OpenThreadAndPostAsync(ReplyContext ctx, Outgoing reply, IReadOnlyList<MessagePayload> payloads, int depth, CancellationToken ct)
    {
        DiscordChannel thread;
        try
        {
            string starter = await PostOneAsync(ctx, reply.Channel, ThreadStarter(reply.OpenThreadTitle!), ct);
            thread = await StartThreadFromAsync(reply, starter, ct);
        }
        catch (DiscordHttpException ex)
        {
            _log.LogWarning("Discord could not open a thread ({Status}); replying in the channel", (int)ex.Status);
            await PostAsync(ctx, reply.Channel, payloads, ct);
            return;
        }
        _channels.Record(thread with { ParentId = thread.ParentId ?? reply.Channel, OwnerId = thread.OwnerId ?? _gateway.BotUserId, Type = ChannelTypes.IsThread(thread.Type) ? thread.Type : ChannelTypes.PublicThread });
        ctx.Pointer = $"Continuing in <#{thread.Id}>.";
        // The engine binds the session to the thread before the prompt appears there, so an answer typed at once
        // (handled on the thread's own lane) already finds its session.
        IReadOnlyList<Outgoing> more = [];
        string? moreKey = null;
        if (depth < MaxThreadOpenedDepth)
        {
            var opened = ctx.Incoming with
            {
                Channel = reply.Channel,
                Thread = thread.Id,
                EventId = "thread-opened:" + thread.Id,
                At = _time.GetUtcNow(),
                Kind = IncomingKind.ThreadOpened,
                Text = null,
                Command = null,
                ActionId = null,
                ActionValue = null,
                FormId = null,
                FormValues = null,
                Durable = Durable,
            };
            more = await _engine.HandleAsync(opened, ct);
            moreKey = OutboxKey(opened);
        }
        await PostAsync(ctx, thread.Id, payloads, ct);
        await SendRepliesAsync(ctx, more, depth + 1, moreKey, ct);
    }

    /// <summary>The message a thread is started from: its title, pinging nobody.</summary>
    internal static MessagePayload ThreadStarter(string title) =>
        new($"\U0001F9F5 **{DiscordText.Escape(DiscordText.Truncate(title, 100))}**", AllowedMentions: AllowedMentions.None);

    /// <summary>Starts the thread from <paramref name="starterId"/>; the thread a worker before this one started from it, when
    /// there is one.</summary>
    private async Task<DiscordChannel> StartThreadFromAsync(Outgoing reply, string starterId, CancellationToken ct)
    {
        try
        {
            return await _rest.StartThreadFromMessageAsync(reply.Channel, starterId, reply.OpenThreadTitle!, ct);
        }
        catch (DiscordHttpException ex) when (ex.Code == MessageHasThread)
        {
            _log.LogInformation("A Discord thread a stopped worker opened for this reply is open already; continuing in it");
            return new DiscordChannel(starterId, ChannelTypes.PublicThread, ParentId: reply.Channel, OwnerId: _gateway.BotUserId);
        }
    }
}
