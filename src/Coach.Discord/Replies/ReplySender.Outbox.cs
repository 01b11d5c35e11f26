using System.Collections.Concurrent;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Delivery;
using Coach.Discord.Inbound;
using Coach.Discord.Payloads;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Replies;

/// <summary>
/// Replies through the store's outbox. The engine saves a turn's replies with its commit; each is sent here and marked sent
/// once Discord took it, or when Discord refused it for good (it then leaves the outbox). A reply whose outcome is
/// unknown (no answer, the worker stopping) stays unsent, and a sweep (<see cref="DeliverySweeper"/>) sends it again once its
/// claim is older than <c>Discord:DeliveryLease</c>. Channel and DM messages carry a nonce derived from the outbox key with
/// <c>enforce_nonce</c>, so Discord returns the message it already took instead of posting a second one; past Discord's
/// nonce window ("the past few minutes") the channel is read first, by author and what the message shows, since Discord
/// documents the nonce as appearing in the Message Create event, not in messages read back.
/// </summary>
internal sealed partial class ReplySender
{
    /// <summary>How long after a reply was decided its nonce alone is trusted to catch a post Discord already took. Discord
    /// keeps nonces "for the past few minutes"; past this, the channel is looked at before posting.</summary>
    internal static readonly TimeSpan NonceTrust = TimeSpan.FromMinutes(2);

    /// <summary>How far before the reply was decided to look in the channel (clocks differ).</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromMinutes(1);

    /// <summary>How many of the channel's latest messages are read to find an earlier post.</summary>
    private const int LookLimit = 100;

    /// <summary>Outbox rows this worker is sending now (<c>event key#seq</c>): a sweep leaves them alone.</summary>
    private readonly ConcurrentDictionary<string, byte> _sending = new(StringComparer.Ordinal);

    /// <summary>Outbox rows this worker finished lately: a sweep that claimed one before its mark reached the store skips it.</summary>
    private readonly RecentIds _done = new(10_000);

    /// <summary>True when replies go through the store's outbox.</summary>
    public bool Durable => _outbox is not null;

    /// <summary>True while this worker sends the row itself, or once it has finished it.</summary>
    public bool InHand(string eventKey, int seq) => _sending.ContainsKey($"{eventKey}#{seq}") || _done.Contains($"{eventKey}#{seq}");

    /// <summary>The outbox key of the event's replies (the engine's event key), or null without the outbox.</summary>
    private string? OutboxKey(Incoming incoming) => _outbox is null ? null : $"{incoming.Platform}:{incoming.EventId}";

    /// <summary>Sends one reply; with <paramref name="row"/>, marks it sent (or done) in the outbox when Discord took it (or
    /// refused it for good) and leaves it unsent when the outcome is unknown.</summary>
    private async Task SendOneAsync(ReplyContext ctx, Outgoing reply, int depth, OutboxRow? row, CancellationToken ct)
    {
        string? marker = row is null ? null : $"{row.EventKey}#{row.Seq}";
        if (marker is not null)
        {
            _sending.TryAdd(marker, 0);
        }
        var outer = ctx.Row;
        ctx.Row = row;
        try
        {
            await SendReplyAsync(ctx, reply, depth, ct);
            Mark(row);
        }
        catch (DiscordHttpException ex)
        {
            // refused (or rate-limited past every retry): sending it again later would not help
            _log.LogWarning("Discord reply failed ({Visibility}): {Error}", reply.Visibility, ex.Message);
            Mark(row);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // Discord may or may not have taken it: from the outbox it stays unsent, for a sweep to send with the same nonce
            _log.LogWarning("Discord unreachable for a {Visibility} reply ({Error})", reply.Visibility, ex.GetType().Name);
        }
        finally
        {
            ctx.Row = outer;
            if (marker is not null)
            {
                _sending.TryRemove(marker, out _);
            }
        }
    }

    private void Mark(OutboxRow? row)
    {
        if (row is not null)
        {
            _done.TryAdd($"{row.EventKey}#{row.Seq}");
            _outbox?.Sent(row.EventKey, row.Seq);
        }
    }

    /// <summary>Sends a reply a worker saved and did not mark sent (it died, or Discord did not answer). The interaction it
    /// answered, if any, is gone with that worker: a reply only for the person goes by DM, as for a late interaction (with a
    /// note in the channel when the person takes no DMs from the bot).</summary>
    public Task ResendAsync(OutboxEntry entry, CancellationToken ct)
    {
        if (InHand(entry.EventKey, entry.Seq))
        {
            return Task.CompletedTask; // finished (or being sent) here while it waited on its lane
        }
        Outgoing reply = entry.Message;
        string prefix = Platforms.Discord + ":";
        string eventId = entry.EventKey.StartsWith(prefix, StringComparison.Ordinal) ? entry.EventKey[prefix.Length..] : entry.EventKey;
        var now = _time.GetUtcNow();
        var incoming = new Incoming(Platforms.Discord, entry.Person.Workspace, reply.Channel, reply.Thread, reply.User, eventId, now,
            IncomingKind.Message, IsDirect: entry.Person.Workspace == "@dm", Durable: true);
        var row = new OutboxRow(entry.EventKey, entry.Seq)
        {
            LookSince = now - entry.CreatedAt > NonceTrust ? entry.CreatedAt - LookBack : null,
        };
        _log.LogInformation("Sending a Discord reply a worker saved but did not send ({Visibility})", reply.Visibility);
        return SendOneAsync(new ReplyContext(incoming, null, null) { Recovered = true }, reply, 0, row, ct);
    }

    /// <summary>The id of a message of the bot's in the channel since <paramref name="since"/> that shows what
    /// <paramref name="payload"/> shows and stands for no other part of the reply (it is then claimed for this part), or null.</summary>
    private async Task<string?> FindPostedAsync(string channelId, MessagePayload payload, DateTimeOffset since, OutboxRow row, CancellationToken ct)
    {
        string wanted = OutboxRow.Fingerprint(payload);
        var messages = await _rest.GetMessagesAfterAsync(channelId, Snowflake.At(since), LookLimit, ct);
        // Discord returns the newest first; the earliest match is this reply's
        foreach (var m in messages.OrderBy(m => ulong.TryParse(m.Id, out var id) ? id : ulong.MaxValue))
        {
            if (m.Author.Id == _gateway.BotUserId && OutboxRow.Fingerprint(m) == wanted && row.Claim(m.Id))
            {
                _log.LogInformation("A Discord reply a stopped worker was sending is in the channel already; not posting it again");
                return m.Id;
            }
        }
        return null;
    }
}
