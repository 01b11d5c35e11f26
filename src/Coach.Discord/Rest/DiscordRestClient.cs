using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Coach.Discord.Payloads;
using Coach.Discord.Rest.RateLimits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord.Rest;

/// <summary>Discord REST over HttpClient: auth and User-Agent headers, a queue per rate-limit bucket and top-level
/// resource, the global pause, 429 retry_after, a full stop on 401, and idempotent message sends (nonce).</summary>
public sealed partial class DiscordRestClient
{
    private const int MaxAttempts = 6;
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _log;
    private readonly string _base;
    private readonly ConcurrentDictionary<string, string> _routeToBucket = new();
    private readonly ConcurrentDictionary<string, RouteBucket> _buckets = new();
    private readonly GlobalPacer _pacer;
    private readonly GlobalPause _globalPause = new();
    private int _unauthorized;

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRestClient> log)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _log = log;
        _base = _options.ApiBaseUrl.TrimEnd('/');
        _pacer = new GlobalPacer(_options.GlobalRequestsPerSecond, time);
    }

    /// <summary>Raised once, the first time Discord answers 401 to the bot token.</summary>
    public event Action<string>? Unauthorized;

    public bool IsStopped => Volatile.Read(ref _unauthorized) != 0;

    /// <summary>When the global pause ends (for tests and health).</summary>
    internal DateTimeOffset GlobalPausedUntil => _globalPause.Until;

    internal Task<GatewayBot> GetGatewayBotAsync(CancellationToken ct) =>
        SendAsync<GatewayBot>(R(HttpMethod.Get, "/gateway/bot", ""), null, authorize: true, ct)!;

    private static Route R(HttpMethod method, string template, string major, params string[] args)
    {
        var path = template;
        // Fill the placeholders in order: {0}, then any other {name}.
        int i = 0;
        while (i < args.Length)
        {
            int open = path.IndexOf('{', StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }
            int close = path.IndexOf('}', open);
            path = string.Concat(path.AsSpan(0, open), Uri.EscapeDataString(args[i]), path.AsSpan(close + 1));
            i++;
        }
        return new Route(method, template, major, path);
    }

    private async Task<T?> SendAsync<T>(Route route, object? body, bool authorize, CancellationToken ct, bool idempotent = false)
    {
        if (IsStopped && authorize)
        {
            throw new DiscordUnauthorizedException();
        }
        bool isInteraction = route.Template.StartsWith("/interactions/", StringComparison.Ordinal);
        byte[]? json = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), DiscordJson.Options);
        for (int attempt = 1; ; attempt++)
        {
            var bucket = GetBucket(route);
            await bucket.Gate.WaitAsync(ct);
            HttpResponseMessage response;
            try
            {
                await WaitGlobalAsync(isInteraction, ct);
                await bucket.WaitAsync(_time, ct);
                using var request = new HttpRequestMessage(route.Method, _base + route.Path);
                if (authorize)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
                }
                request.Headers.TryAddWithoutValidation("User-Agent", $"DiscordBot ({_options.UserAgentUrl}, {_options.UserAgentVersion})");
                if (json is not null)
                {
                    request.Content = new ByteArrayContent(json);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                }
                catch (HttpRequestException ex) when (idempotent && attempt < 3)
                {
                    _log.LogWarning("Discord {Route} failed ({Error}); retrying", route.Key, ex.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), _time, ct);
                    continue;
                }
                UpdateBucket(route, bucket, response);
            }
            finally
            {
                bucket.Gate.Release();
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    _log.LogDebug("Discord {Route} -> {Status}", route.Key, (int)response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
                    {
                        return default;
                    }
                    return await response.Content.ReadFromJsonAsync<T>(DiscordJson.Options, ct);
                }

                var error = await ReadErrorAsync(response, ct);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Coach.Core.CoachMetrics.TooManyRequests.Add(1, new KeyValuePair<string, object?>("transport", "discord"));
                    var retryAfter = TimeSpan.FromSeconds(error?.RetryAfter ?? ParseDouble(Header(response, "Retry-After")) ?? 1);
                    bool global = error?.Global == true || string.Equals(Header(response, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase);
                    var until = _time.GetUtcNow() + retryAfter;
                    if (global)
                    {
                        _globalPause.Extend(until);
                        _log.LogWarning("Discord global rate limit: pausing every route for {Seconds:0.###} s", retryAfter.TotalSeconds);
                    }
                    else
                    {
                        GetBucket(route).Block(until);
                        _log.LogWarning("Discord rate limit on {Route} ({Scope}): waiting {Seconds:0.###} s", route.Key, Header(response, "X-RateLimit-Scope") ?? "user", retryAfter.TotalSeconds);
                    }
                    if (attempt < MaxAttempts)
                    {
                        continue;
                    }
                }
                else if (response.StatusCode == HttpStatusCode.Unauthorized && authorize)
                {
                    if (Interlocked.Exchange(ref _unauthorized, 1) == 0)
                    {
                        _log.LogCritical("Discord refused the bot token (401): all sending stops");
                        Unauthorized?.Invoke("Discord answered 401 Unauthorized: the bot token is invalid or was reset");
                    }
                    throw new DiscordUnauthorizedException();
                }
                else if ((int)response.StatusCode >= 500 && idempotent && attempt < 3)
                {
                    _log.LogWarning("Discord {Route} -> {Status}; retrying", route.Key, (int)response.StatusCode);
                    await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), _time, ct);
                    continue;
                }
                throw new DiscordHttpException(response.StatusCode, error?.Code, error?.Message ?? response.ReasonPhrase ?? "error");
            }
        }
    }

    private RouteBucket GetBucket(Route route)
    {
        var id = _routeToBucket.TryGetValue(route.Key, out var hash) ? hash : route.Key;
        return _buckets.GetOrAdd(id + "|" + route.Major, static _ => new RouteBucket());
    }

    private void UpdateBucket(Route route, RouteBucket bucket, HttpResponseMessage response)
    {
        var hash = Header(response, "X-RateLimit-Bucket");
        var remaining = ParseDouble(Header(response, "X-RateLimit-Remaining"));
        var resetAfter = ParseDouble(Header(response, "X-RateLimit-Reset-After"));
        if (remaining is { } r && resetAfter is { } ra)
        {
            bucket.Update((int)r, _time.GetUtcNow() + TimeSpan.FromSeconds(ra));
        }
        if (hash is not null && (!_routeToBucket.TryGetValue(route.Key, out var known) || known != hash))
        {
            _routeToBucket[route.Key] = hash;
            // Share what was learnt with the bucket object the next request of this route will find.
            var shared = _buckets.GetOrAdd(hash + "|" + route.Major, _ => bucket);
            if (!ReferenceEquals(shared, bucket))
            {
                shared.CopyFrom(bucket);
            }
        }
    }

    private async Task WaitGlobalAsync(bool isInteraction, CancellationToken ct)
    {
        while (true)
        {
            var wait = GlobalPausedUntil - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                break;
            }
            await Task.Delay(wait, _time, ct);
        }
        if (!isInteraction)
        {
            await _pacer.WaitAsync(ct);
        }
    }

    private static async Task<ApiError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<ApiError>(text, DiscordJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? ParseDouble(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
