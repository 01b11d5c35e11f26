using System.Collections.Concurrent;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Gateway;
using Coach.Discord.Inbound;
using Coach.Discord.Replies;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Delivery;

/// <summary>
/// Takes up what a worker left in the store when it died: interactions stored and not handled, and replies saved and not
/// marked sent, once their claim is older than <see cref="DiscordOptions.DeliveryLease"/>. It looks at start, then every
/// <see cref="DiscordOptions.DeliverySweep"/>. An interaction is handled again on its channel's lane (the engine drops one
/// whose turn was committed); a reply is sent on its channel's lane, in order with that channel's events.
/// </summary>
internal sealed class DeliverySweeper
{
    private const int SweepBatch = 100;

    private readonly InboxWriter _inbox;
    private readonly DispatchRouter _router;
    private readonly EventLanes _lanes;
    private readonly ReplySender _replies;
    private readonly DiscordGatewayClient _gateway;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    /// <summary>Replies waiting on a lane (<c>event key#seq</c>): a later sweep does not queue them twice.</summary>
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);

    public DeliverySweeper(InboxWriter inbox, DispatchRouter router, EventLanes lanes, ReplySender replies, DiscordGatewayClient gateway,
        DiscordOptions options, TimeProvider time, ILogger log)
    {
        _inbox = inbox;
        _router = router;
        _lanes = lanes;
        _replies = replies;
        _gateway = gateway;
        _options = options;
        _time = time;
        _log = log;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                try
                {
                    await SweepAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _log.LogWarning("Looking for Discord work left by a stopped worker failed ({Error}); the next sweep tries again", ex.GetType().Name);
                }
                await Task.Delay(_options.DeliverySweep, _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One look. Returns how many interactions and replies it took up.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        IDeliveryStore store = _inbox.Store;
        var now = _time.GetUtcNow();
        var events = await store.ClaimUnhandledAsync(Platforms.Discord, now - _options.DeliveryLease, now, SweepBatch, ct);
        foreach (var entry in events)
        {
            _log.LogInformation("Handling a Discord interaction a stopped worker stored but did not handle");
            await _router.RecoverAsync(entry);
        }
        int replies = 0;
        // a reply is looked for among the bot's own messages: wait for READY to say who the bot is
        if (_gateway.BotUserId is not null)
        {
            foreach (var entry in await store.ClaimUnsentAsync(Platforms.Discord, now - _options.DeliveryLease, now, SweepBatch, ct))
            {
                string key = $"{entry.EventKey}#{entry.Seq}";
                if (_replies.InHand(entry.EventKey, entry.Seq) || !_queued.TryAdd(key, 0))
                {
                    continue; // this worker has it in hand (a long rate-limit wait) or finished it a moment ago
                }
                replies++;
                var item = new WorkItem(new GatewayDispatch("OUTBOX", 0, default, _time.GetTimestamp()), null, null) { Resend = entry };
                await _lanes.Enqueue(LaneOf(entry.Message), item);
            }
        }
        return events.Count + replies;
    }

    /// <summary>Sends a reply taken up by a sweep (on its lane).</summary>
    public async Task ResendAsync(OutboxEntry entry, CancellationToken ct)
    {
        try
        {
            await _replies.ResendAsync(entry, ct);
        }
        finally
        {
            _queued.TryRemove($"{entry.EventKey}#{entry.Seq}", out _);
        }
    }

    /// <summary>The lane a reply goes on: its thread's or channel's (a gateway message's lane is its channel id, which is the
    /// thread for a message in a thread), or the person's when it has no channel.</summary>
    private static string LaneOf(Outgoing reply) =>
        reply.Thread ?? (string.IsNullOrEmpty(reply.Channel) ? "u:" + reply.User : reply.Channel);
}
