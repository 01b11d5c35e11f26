using Coach.Core.Conversation;
using Coach.Discord.Payloads;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Replies;

/// <summary>A reply that opens a thread: the thread is started, the engine hears of it (so the session is bound to the thread
/// before the prompt appears there), then the prompt and the engine's further replies are posted.</summary>
internal sealed partial class ReplySender
{
    private const int MaxThreadOpenedDepth = 2;

    private async Task OpenThreadAndPostAsync(ReplyContext ctx, Outgoing reply, IReadOnlyList<MessagePayload> payloads, int depth, CancellationToken ct)
    {
        DiscordChannel thread;
        try
        {
            thread = await _rest.StartThreadAsync(reply.Channel, reply.OpenThreadTitle!, ct);
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
}
