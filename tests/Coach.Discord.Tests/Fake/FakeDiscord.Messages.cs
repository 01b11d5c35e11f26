using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Coach.Discord.Tests.Fake;

/// <summary>One message the fake holds in a channel: what the bot posted, with the nonce it came with.</summary>
public sealed record FakeMessage(string Id, string Channel, string AuthorId, string Content, JsonNode? Embeds, string? Nonce, DateTimeOffset At);

/// <summary>A create-message request the fake holds unanswered until <see cref="Release"/> (or until the client goes away).</summary>
public sealed class FakeHold(string channel, bool apply, bool drop)
{
    internal string Channel { get; } = channel;
    internal bool Apply { get; } = apply;
    internal bool Drop { get; } = drop;
    internal TaskCompletionSource<RestCall> ArrivedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    internal TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the request came in (and, with apply, the message was created).</summary>
    public Task<RestCall> Arrived => ArrivedSource.Task;

    public void Release() => Released.TrySetResult();
}

/// <summary>
/// Channel messages as Discord keeps them: created with <c>nonce</c> and <c>enforce_nonce</c> (a repeat of a nonce by the same
/// author within <see cref="NonceWindow"/> returns the message created first, nothing new), read back with
/// <c>GET /channels/{id}/messages?after=&amp;limit=</c> (newest first, and without their nonce: Discord shows the nonce in the
/// create answer and the MESSAGE_CREATE event only). Tests can hold a create unanswered, or take it and drop the connection.
/// </summary>
public sealed partial class FakeDiscord
{
    private const string QueryHeader = ":query";
    private const long DiscordEpochMs = 1420070400000L;

    private readonly ConcurrentDictionary<string, (FakeMessage Message, JsonObject Answer)> _nonces = new();
    private readonly ConcurrentQueue<FakeHold> _holds = new();
    private readonly Lock _messagesLock = new();

    /// <summary>How long a nonce is remembered ("the past few minutes").</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every message created in a channel (not the interaction webhooks), in order; kept only with <see cref="Record"/>.</summary>
    public ConcurrentQueue<FakeMessage> Messages { get; } = new();

    public IReadOnlyList<FakeMessage> MessagesIn(string channel) => [.. Messages.Where(m => m.Channel == channel)];

    /// <summary>Holds the next create-message request to <paramref name="channel"/> (or to <see cref="AnyThread"/>) unanswered. With <paramref name="apply"/>
    /// the message is created first (Discord took it, the answer is what is held).</summary>
    public FakeHold HoldNextPost(string channel, bool apply)
    {
        var hold = new FakeHold(channel, apply, drop: false);
        _holds.Enqueue(hold);
        return hold;
    }

    /// <summary>Takes the next create-message request to <paramref name="channel"/> (the message is created) and drops the
    /// connection before answering.</summary>
    public FakeHold DropNextPostAnswer(string channel)
    {
        var hold = new FakeHold(channel, apply: true, drop: true);
        _holds.Enqueue(hold);
        return hold;
    }

    /// <summary>Puts a message in a channel as if the bot had posted it at <paramref name="at"/> (another worker, earlier),
    /// with <paramref name="nonce"/> and <c>enforce_nonce</c> when given.</summary>
    public FakeMessage SeedBotMessage(string channel, string content, DateTimeOffset at, string? nonce = null)
    {
        var m = new FakeMessage(NewId(), channel, BotUserId, content, null, nonce, at);
        Messages.Enqueue(m);
        if (nonce is not null)
        {
            var answer = new JsonObject { ["id"] = m.Id, ["channel_id"] = channel, ["author"] = User(BotUserId, "Coach", bot: true), ["content"] = content, ["nonce"] = nonce };
            _nonces[$"{channel}/{BotUserId}/{nonce}"] = (m, answer);
        }
        return m;
    }

    /// <summary>Opens a thread from a message, as if the bot had (another worker, earlier).</summary>
    public void SeedThreadFrom(string messageId)
    {
        CreatedThreads.Enqueue(messageId);
    }

    /// <summary>Stands for any thread the bot opened, in <see cref="HoldNextPost"/>.</summary>
    public const string AnyThread = "any thread";

    private FakeHold? TakeHold(string method, string path)
    {
        if (method != "POST" || !_holds.TryPeek(out var head) || !path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return null;
        }
        string channel = path.Split('/')[^2];
        if (!(channel == head.Channel || (head.Channel == AnyThread && CreatedThreads.Contains(channel))))
        {
            return null;
        }
        lock (_messagesLock)
        {
            return _holds.TryPeek(out var again) && ReferenceEquals(again, head) && _holds.TryDequeue(out _) ? head : null;
        }
    }

    private async Task HoldAsync(HttpContext ctx, FakeHold hold, string method, string path, JsonNode? body, IReadOnlyDictionary<string, string> headers)
    {
        (int Status, string? Body, IReadOnlyDictionary<string, string>? Headers) answer = default;
        if (hold.Apply)
        {
            answer = Route(method, path, body, headers);
        }
        var call = new RestCall(method, path, body, headers, DateTimeOffset.UtcNow, hold.Apply ? answer.Status : 0);
        Calls.Enqueue(call);
        hold.ArrivedSource.TrySetResult(call);
        if (hold.Drop)
        {
            ctx.Abort(); // taken, and the answer lost on the way
            return;
        }
        try
        {
            await hold.Released.Task.WaitAsync(ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the client went away (the worker was killed)
        }
        if (!hold.Apply)
        {
            answer = Route(method, path, body, headers);
        }
        await RespondAsync(ctx, answer.Status, answer.Body, answer.Headers);
    }

    /// <summary>Creates a bot message, or returns the one the nonce names when <c>enforce_nonce</c> is set and it is recent.</summary>
    private JsonObject CreateMessage(string channel, JsonNode? body)
    {
        string? nonce = body?["nonce"]?.GetValue<string>();
        bool enforce = body?["enforce_nonce"]?.GetValue<bool>() == true && nonce is not null;
        var now = DateTimeOffset.UtcNow;
        string key = $"{channel}/{BotUserId}/{nonce}";
        lock (_messagesLock)
        {
            if (enforce && _nonces.TryGetValue(key, out var earlier) && now - earlier.Message.At < NonceWindow)
            {
                return (JsonObject)earlier.Answer.DeepClone();
            }
            var answer = MessageResponse(channel, body);
            if (body?["embeds"] is JsonArray embeds)
            {
                answer["embeds"] = embeds.DeepClone();
            }
            if (nonce is not null)
            {
                answer["nonce"] = nonce;
            }
            var message = new FakeMessage(answer["id"]!.GetValue<string>(), channel, BotUserId, answer["content"]!.GetValue<string>(), body?["embeds"]?.DeepClone(), nonce, now);
            if (Record)
            {
                Messages.Enqueue(message);
            }
            if (enforce)
            {
                _nonces[key] = (message, answer);
            }
            MessagePosted?.Invoke(channel, body);
            return answer;
        }
    }

    /// <summary>The channel's messages created after the moment the <c>after</c> snowflake names (the fake's own ids carry no
    /// usable time, so it compares creation times), newest first, at most <c>limit</c> (default 50, at most 100).</summary>
    private JsonArray ListMessages(string channel, string? query)
    {
        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        DateTimeOffset after = q.TryGetValue("after", out var a) && ulong.TryParse(a.ToString(), out var snowflake)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(snowflake >> 22) + DiscordEpochMs)
            : DateTimeOffset.MinValue;
        int limit = q.TryGetValue("limit", out var l) && int.TryParse(l.ToString(), out var n) ? Math.Clamp(n, 1, 100) : 50;
        var list = new JsonArray();
        foreach (var m in Messages.Where(m => m.Channel == channel && m.At > after).OrderBy(m => m.At).Take(limit).Reverse())
        {
            list.Add(new JsonObject
            {
                ["id"] = m.Id,
                ["channel_id"] = m.Channel,
                ["author"] = User(m.AuthorId, m.AuthorId == BotUserId ? "Coach" : "alex", m.AuthorId == BotUserId),
                ["content"] = m.Content,
                ["embeds"] = m.Embeds?.DeepClone() ?? new JsonArray(),
                ["type"] = 0,
                ["timestamp"] = m.At.ToString("O"),
            });
        }
        return list;
    }
}
