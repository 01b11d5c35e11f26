using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Slack.Api;

/// <summary>Slack answered <c>ok:false</c>; <see cref="Error"/> is its error code (e.g. <c>channel_not_found</c>).</summary>
public sealed class SlackApiException(string method, string error)
    : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;
    public string Error { get; } = error;
}

public sealed record AuthTestResult(string UserId, string? TeamId, string? BotId);

public sealed record PostedMessage(string Channel, string Ts);

/// <summary>What Coach needs to know about a person from <c>users.info</c>.</summary>
public sealed record SlackUser(string Id, bool IsAdmin, bool IsOwner, bool IsBot, string? Name = null);

/// <summary>One message ready for the Web API: fallback <paramref name="Text"/> (already escaped) and optional blocks.</summary>
public sealed record SlackMessage(string Text, JsonArray? Blocks = null);

/// <summary>
/// The Slack Web API over HttpClient: bearer auth, JSON bodies, <c>ok:false</c> as <see cref="SlackApiException"/>,
/// 429 Retry-After pausing the method and retrying, posts paced per channel.
/// </summary>
public sealed partial class SlackApiClient
{
    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackApiClient> _logger;
    private readonly ChannelPacer _pacer;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly string _base;

    public SlackApiClient(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pacer = new ChannelPacer(_options.PostInterval, time);
        _base = _options.ApiBaseUrl.TrimEnd('/');
    }

    /// <summary>Calls made to Slack, by method (for metrics and tests).</summary>
    public long CallCount => Interlocked.Read(ref _calls);
    private long _calls;

    public async Task<AuthTestResult> AuthTestAsync(CancellationToken ct)
    {
        var r = await CallAsync("auth.test", new JsonObject(), _options.BotToken!, ct);
        return new AuthTestResult(
            r.GetProperty("user_id").GetString() ?? throw new SlackApiException("auth.test", "missing_user_id"),
            r.TryGetProperty("team_id", out var t) ? t.GetString() : null,
            r.TryGetProperty("bot_id", out var b) ? b.GetString() : null);
    }

    /// <summary><c>apps.connections.open</c> with the app-level token: a single-use WebSocket URL.</summary>
    public async Task<Uri> OpenSocketUrlAsync(CancellationToken ct)
    {
        var r = await CallAsync("apps.connections.open", new JsonObject(), _options.AppToken!, ct);
        var url = r.GetProperty("url").GetString();
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new SlackApiException("apps.connections.open", "bad_url");
    }

    /// <summary>The <c>metadata.event_type</c> Coach puts on a reply it may have to post again after a restart.</summary>
    public const string ReplyMetadataType = "coach_reply";

    /// <summary><c>chat.postMessage</c>. A <paramref name="marker"/> goes into the message's metadata, so whether the post
    /// reached Slack can be checked later with <see cref="FindPostedAsync"/>.</summary>
    public async Task<PostedMessage> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken ct, string? marker = null)
    {
        await _pacer.WaitTurnAsync(channel, ct);
        var body = MessageBody(channel, message);
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }
        if (marker is not null)
        {
            body["metadata"] = new JsonObject { ["event_type"] = ReplyMetadataType, ["event_payload"] = new JsonObject { ["reply"] = marker } };
        }
        var r = await CallAsync("chat.postMessage", body, _options.BotToken!, ct);
        return new PostedMessage(r.TryGetProperty("channel", out var c) ? c.GetString() ?? channel : channel, r.GetProperty("ts").GetString() ?? "");
    }

    /// <summary>The ts of a message posted with <paramref name="marker"/> since <paramref name="since"/>, in the channel
    /// (<c>conversations.history</c>) or the thread (<c>conversations.replies</c>), or null when there is none.</summary>
    public async Task<string?> FindPostedAsync(string channel, string? threadTs, string marker, DateTimeOffset since, CancellationToken ct)
    {
        var args = new JsonObject
        {
            ["channel"] = channel,
            ["oldest"] = (since.ToUnixTimeMilliseconds() / 1000m).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture),
            ["include_all_metadata"] = "true",
            ["limit"] = "200",
        };
        if (threadTs is not null)
        {
            args["ts"] = threadTs;
        }
        var r = await CallAsync(threadTs is null ? "conversations.history" : "conversations.replies", args, _options.BotToken!, ct, formEncoded: true);
        if (!r.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var m in messages.EnumerateArray())
        {
            if (m.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
                && meta.TryGetProperty("event_type", out var type) && type.GetString() == ReplyMetadataType
                && meta.TryGetProperty("event_payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("reply", out var reply) && reply.GetString() == marker
                && m.TryGetProperty("ts", out var ts))
            {
                return ts.GetString();
            }
        }
        return null;
    }

    public async Task PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs, CancellationToken ct)
    {
        await _pacer.WaitTurnAsync(channel, ct);
        var body = MessageBody(channel, message);
        body["user"] = user;
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }
        await CallAsync("chat.postEphemeral", body, _options.BotToken!, ct);
    }

    public async Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken ct)
    {
        var body = MessageBody(channel, message);
        body["ts"] = ts;
        await CallAsync("chat.update", body, _options.BotToken!, ct);
    }

    /// <summary><c>conversations.open</c>: the DM channel id with one user.</summary>
    public async Task<string> OpenConversationAsync(string user, CancellationToken ct)
    {
        var r = await CallAsync("conversations.open", new JsonObject { ["users"] = user }, _options.BotToken!, ct);
        return r.GetProperty("channel").GetProperty("id").GetString() ?? throw new SlackApiException("conversations.open", "missing_channel");
    }

    /// <summary><c>users.info</c> (scope <c>users:read</c>; a read method, so its arguments go form-encoded).</summary>
    public async Task<SlackUser> GetUserAsync(string user, CancellationToken ct)
    {
        var r = await CallAsync("users.info", new JsonObject { ["user"] = user }, _options.BotToken!, ct, formEncoded: true);
        var u = r.GetProperty("user");
        bool Flag(string name) => u.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } t ? t : null;
        var profile = u.TryGetProperty("profile", out var pr) ? pr : default;
        var display = Text(profile, "display_name") ?? Text(profile, "real_name") ?? Text(u, "real_name") ?? Text(u, "name");
        return new SlackUser(user, Flag("is_admin"), Flag("is_owner") || Flag("is_primary_owner"), Flag("is_bot"), display);
    }

    public async Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct)
    {
        await CallAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, _options.BotToken!, ct);
    }

    private static JsonObject MessageBody(string channel, SlackMessage message)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = message.Text };
        if (message.Blocks is not null)
        {
            body["blocks"] = message.Blocks.DeepClone();
        }
        // Never unfurl links a person typed into a coaching reply.
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        return body;
    }

    /// <summary>POSTs one Web API method. Returns the response's root (ok:true) or throws.</summary>
    public async Task<JsonElement> CallAsync(string method, JsonObject body, string token, CancellationToken ct, bool formEncoded = false)
    {
        var json = body.ToJsonString(SlackJson.Options);
        var form = formEncoded ? body.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value?.ToString() ?? "")).ToList() : null;
        for (int attempt = 0; ; attempt++)
        {
            await WaitWhilePausedAsync(method, ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{_base}/{method}")
            {
                Content = form is null ? new StringContent(json, Encoding.UTF8, "application/json") : new FormUrlEncodedContent(form),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Interlocked.Increment(ref _calls);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Coach.Core.CoachMetrics.TooManyRequests.Add(1, new KeyValuePair<string, object?>("transport", "slack"));
                var wait = RetryAfter(response);
                _pausedUntil.AddOrUpdate(method, _time.GetUtcNow() + wait, (_, old) => Max(old, _time.GetUtcNow() + wait));
                if (attempt >= _options.MaxRateLimitRetries)
                {
                    throw new SlackApiException(method, "ratelimited");
                }
                _logger.LogWarning("Slack rate-limited {Method}; pausing it for {Seconds:0.##} s (retry {Attempt})", method, wait.TotalSeconds, attempt + 1);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            var root = doc.RootElement;
            if (!root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            {
                var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown_error" : "unknown_error";
                throw new SlackApiException(method, error);
            }
            return root.Clone();
        }
    }

    /// <summary>
    /// Answers a slash command through its <c>response_url</c> (works where the bot is not a channel member), visible to
    /// the person only. Only Slack's own hosts (or the configured API host, for tests) are called.
    /// </summary>
    public async Task PostToResponseUrlAsync(string responseUrl, SlackMessage message, CancellationToken ct)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var url) || !IsSlackHost(url))
        {
            throw new SlackApiException("response_url", "untrusted_url");
        }
        var body = new JsonObject { ["text"] = message.Text, ["response_type"] = "ephemeral", ["replace_original"] = false };
        if (message.Blocks is not null)
        {
            body["blocks"] = message.Blocks.DeepClone();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(SlackJson.Options), Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException("response_url", $"http_{(int)response.StatusCode}");
        }
    }

    private bool IsSlackHost(Uri url)
    {
        var api = new Uri(_base);
        return (url.Scheme == Uri.UriSchemeHttps && (url.Host == "slack.com" || url.Host.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase)))
            || (url.Scheme == api.Scheme && url.Host == api.Host && url.Port == api.Port);
    }

    /// <summary>Until when a method is paused after a 429, if it is.</summary>
    internal DateTimeOffset? PausedUntil(string method) => _pausedUntil.TryGetValue(method, out var until) ? until : null;

    private async Task WaitWhilePausedAsync(string method, CancellationToken ct)
    {
        while (_pausedUntil.TryGetValue(method, out var until))
        {
            var left = until - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                _pausedUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(method, until));
                return;
            }
            await Task.Delay(left, _time, ct);
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta && delta > TimeSpan.Zero)
        {
            return delta;
        }
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return TimeSpan.FromSeconds(1);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
