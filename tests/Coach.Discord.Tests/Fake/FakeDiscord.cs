using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Tests.Fake;

/// <summary>One REST request as the fake saw it.</summary>
public sealed record RestCall(string Method, string Path, JsonNode? Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At, int Status)
{
    /// <summary>The file parts of a multipart/form-data request (<c>files[n]</c>), in order; empty for JSON requests.</summary>
    public IReadOnlyList<FakeFile> Files { get; init; } = [];
}

/// <summary>One file part of a multipart request: its part name (<c>files[0]</c>), file name, content type and bytes.</summary>
public sealed record FakeFile(string Name, string FileName, string ContentType, byte[] Bytes);

/// <summary>One gateway frame the fake received from the client.</summary>
public sealed record GatewayReceived(int Connection, string Endpoint, int Op, JsonNode? D, DateTimeOffset At);

/// <summary>A planned error answer for the next request whose path matches.</summary>
public sealed record PlannedError(string Method, string PathContains, int Status, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>A fake Discord on loopback speaking the real wire format: the v10 REST routes Coach uses and a WebSocket
/// gateway (hello, heartbeat acks, identify/READY, resume with replay, op 7, op 9, close codes).</summary>
public sealed partial class FakeDiscord : IAsyncDisposable
{
    public const string Token = "fake-bot-token.not-real";
    public const string BotUserId = "100000000000000001";
    public const string ApplicationId = "200000000000000002";
    public const string GuildId = "300000000000000003";
    public const string ChannelId = "400000000000000004";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<(int Seq, string Type, JsonNode Data)> _history = [];
    private readonly ConcurrentQueue<PlannedError> _planned = new();
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset WindowStart)> _channelWindows = new();
    private long _nextId = 900000000000000000;
    private int _seq;
    private int _connections;
    private Connection? _current;
    private string? _sessionId;
    private int _sessionCounter;

    private FakeDiscord(WebApplication app)
    {
        _app = app;
    }

    public string ApiBase { get; private set; } = "";
    public string GatewayUrl { get; private set; } = "";
    public string ResumeUrl { get; private set; } = "";

    public int HeartbeatIntervalMs { get; set; } = 45_000;
    public bool AckHeartbeats { get; set; } = true;
    public string ValidToken { get; set; } = Token;
    /// <summary>Also replay this many already-delivered events on resume (Discord may send an event twice).</summary>
    public int ResumeReplaysExtra { get; set; }
    /// <summary>When set, each channel allows this many message sends per window, with X-RateLimit headers; over it is a 429.</summary>
    public (int Limit, TimeSpan Window)? ChannelRateLimit { get; set; }
    /// <summary>Keep every request and frame for assertions (off in the load harness).</summary>
    public bool Record { get; set; } = true;
    /// <summary>How many dispatches are kept for replay on resume.</summary>
    public int HistoryLimit { get; set; } = int.MaxValue;
    /// <summary>Delay before answering REST requests (simulates a slow network).</summary>
    public TimeSpan RestDelay { get; set; }

    public ConcurrentQueue<RestCall> Calls { get; } = new();
    public ConcurrentQueue<GatewayReceived> Received { get; } = new();
    public ConcurrentQueue<(int Connection, int? Code)> ClientCloses { get; } = new();
    /// <summary>Raised when a message is posted (channel messages and webhook follow-ups); used by the load harness.</summary>
    public Action<string, JsonNode?>? MessagePosted { get; set; }

    public int ConnectionCount => Volatile.Read(ref _connections);
    public string? SessionId { get { lock (_lock) { return _sessionId; } } }
    public int Sequence { get { lock (_lock) { return _seq; } } }
    public bool IsConnected { get { lock (_lock) { return _current is { Ready: true }; } } }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        fake.ApiBase = $"http://127.0.0.1:{port}/api/v10";
        fake.GatewayUrl = $"ws://127.0.0.1:{port}/gateway";
        fake.ResumeUrl = $"ws://127.0.0.1:{port}/resume";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        Connection? c;
        lock (_lock)
        {
            c = _current;
        }
        c?.Socket.Abort();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public string NewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An id created at <paramref name="at"/>, as Discord's snowflakes carry their creation time (the fake's own ids
    /// do not, on purpose: their time is years off and not believed).</summary>
    public static string SnowflakeAt(DateTimeOffset at) => ((at.ToUnixTimeMilliseconds() - 1420070400000L) << 22).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // ---- test controls ----

    public void PlanError(PlannedError error) => _planned.Enqueue(error);

    public void Plan429(string pathContains, double retryAfter, bool global, string method = "POST")
    {
        var headers = new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = global ? "global" : "user",
        };
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }
        else
        {
            headers["X-RateLimit-Limit"] = "5";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["X-RateLimit-Bucket"] = "msgbucket";
        }
        var body = new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfter, ["global"] = global };
        PlanError(new PlannedError(method, pathContains, 429, body.ToJsonString(), headers));
    }

    /// <summary>Sends a dispatch to the live connection; with none, it waits in the history for a resume.</summary>
    public async Task<int> DispatchAsync(string type, JsonNode data)
    {
        Connection? c;
        int seq;
        lock (_lock)
        {
            seq = ++_seq;
            _history.Add((seq, type, data));
            if (_history.Count > HistoryLimit)
            {
                _history.RemoveRange(0, _history.Count - HistoryLimit);
            }
            c = _current is { Ready: true } ? _current : null;
        }
        if (c is not null)
        {
            try
            {
                await c.SendAsync(new JsonObject { ["op"] = 0, ["d"] = data.DeepClone(), ["s"] = seq, ["t"] = type });
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
            {
                // the event stays in the history and is replayed on resume
            }
        }
        return seq;
    }

    public async Task SendOpAsync(int op, JsonNode? d)
    {
        var c = CurrentOrThrow();
        await c.SendAsync(new JsonObject { ["op"] = op, ["d"] = d });
    }

    /// <summary>Closes the live connection from the server side with a close code.</summary>
    public async Task CloseAsync(int code)
    {
        var c = CurrentOrThrow();
        lock (_lock)
        {
            c.Ready = false;
        }
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await c.Socket.CloseOutputAsync((WebSocketCloseStatus)code, "fake close", cts.Token);
        }
        catch (Exception)
        {
            c.Socket.Abort();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Drop()
    {
        var c = CurrentOrThrow();
        lock (_lock)
        {
            c.Ready = false;
        }
        c.Socket.Abort();
    }

    private Connection CurrentOrThrow()
    {
        lock (_lock)
        {
            return _current ?? throw new InvalidOperationException("no gateway connection");
        }
    }

    public IEnumerable<RestCall> CallsTo(string method, string pathContains) =>
        Calls.Where(c => c.Method == method && c.Path.Contains(pathContains, StringComparison.Ordinal));

    public IEnumerable<GatewayReceived> ReceivedOp(int op) => Received.Where(r => r.Op == op);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + (what ?? "condition"));
            }
            await Task.Delay(10);
        }
    }

    // ---- payload builders ----

    public static JsonObject User(string id, string name = "alex", bool bot = false) =>
        new() { ["id"] = id, ["username"] = name, ["global_name"] = name, ["bot"] = bot };

    public JsonObject Message(string channelId, string userId, string content, string? guildId = GuildId, bool bot = false, string? id = null)
    {
        var m = new JsonObject
        {
            ["id"] = id ?? NewId(),
            ["channel_id"] = channelId,
            ["author"] = User(userId, bot ? "otherbot" : "alex", bot),
            ["content"] = content,
            ["type"] = 0,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        if (guildId is not null)
        {
            m["guild_id"] = guildId;
        }
        return m;
    }

    /// <summary>A MESSAGE_UPDATE as Discord sends it for an edit: the message with its new content and <c>edited_timestamp</c>;
    /// with <paramref name="content"/> null, an update that changed only embeds (no content, no edit time).</summary>
    public JsonObject MessageUpdate(string id, string channelId, string userId, string? content, DateTimeOffset editedAt, string? guildId = GuildId)
    {
        var m = new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["author"] = User(userId),
            ["type"] = 0,
            ["embeds"] = new JsonArray(),
        };
        if (content is not null)
        {
            m["content"] = content;
            m["edited_timestamp"] = editedAt.ToString("O");
        }
        if (guildId is not null)
        {
            m["guild_id"] = guildId;
        }
        return m;
    }

    /// <summary>A MESSAGE_DELETE: the id, the channel and the guild, nothing else.</summary>
    public static JsonObject MessageDelete(string id, string channelId, string? guildId = GuildId)
    {
        var m = new JsonObject { ["id"] = id, ["channel_id"] = channelId };
        if (guildId is not null)
        {
            m["guild_id"] = guildId;
        }
        return m;
    }

    public JsonObject CommandInteraction(string userId, string sub, (string Name, string Value)[]? options = null, string channelId = ChannelId, string? guildId = GuildId, int channelType = 0, string? parentId = null)
    {
        var opts = new JsonArray();
        foreach (var (name, value) in options ?? [])
        {
            opts.Add(new JsonObject { ["name"] = name, ["type"] = 3, ["value"] = value });
        }
        var data = new JsonObject
        {
            ["id"] = "500000000000000005",
            ["name"] = "coach",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = sub, ["type"] = 1, ["options"] = opts }),
        };
        return Interaction(2, data, userId, channelId, guildId, channelType, parentId);
    }

    public JsonObject ButtonInteraction(string userId, string customId, string channelId, string? guildId = GuildId, int channelType = 11, string? parentId = ChannelId) =>
        Interaction(3, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 }, userId, channelId, guildId, channelType, parentId);

    public JsonObject ModalSubmitInteraction(string userId, string formId, IReadOnlyDictionary<string, string> values, string channelId = ChannelId, string? guildId = GuildId)
    {
        var components = new JsonArray();
        foreach (var (k, v) in values)
        {
            components.Add(new JsonObject { ["type"] = 18, ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = k, ["value"] = v } });
        }
        return Interaction(5, new JsonObject { ["custom_id"] = formId, ["components"] = components }, userId, channelId, guildId, 0, null);
    }

    private JsonObject Interaction(int type, JsonObject data, string userId, string channelId, string? guildId, int channelType, string? parentId)
    {
        var channel = new JsonObject { ["id"] = channelId, ["type"] = guildId is null ? 1 : channelType };
        if (parentId is not null)
        {
            channel["parent_id"] = parentId;
        }
        var i = new JsonObject
        {
            ["id"] = NewId(),
            ["application_id"] = ApplicationId,
            ["type"] = type,
            ["token"] = "itoken-" + NewId(),
            ["version"] = 1,
            ["data"] = data,
            ["channel_id"] = channelId,
            ["channel"] = channel,
        };
        if (guildId is not null)
        {
            i["guild_id"] = guildId;
            i["member"] = new JsonObject { ["user"] = User(userId) };
        }
        else
        {
            i["user"] = User(userId);
        }
        return i;
    }

    public static JsonObject GuildCreate(params (string Id, int Type)[] channels)
    {
        var list = new JsonArray();
        foreach (var (id, type) in channels)
        {
            list.Add(new JsonObject { ["id"] = id, ["type"] = type, ["guild_id"] = GuildId });
        }
        return new JsonObject { ["id"] = GuildId, ["channels"] = list, ["threads"] = new JsonArray() };
    }

    // ---- HTTP ----

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (ctx.WebSockets.IsWebSocketRequest && (path == "/gateway" || path == "/resume" || path == "/gateway/" || path == "/resume/"))
        {
            await RunGatewayAsync(ctx, path.Trim('/'));
            return;
        }
        JsonNode? body = null;
        var files = new List<FakeFile>();
        string? formError = null;
        if (ctx.Request.HasFormContentType && ctx.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.Ordinal))
        {
            // Discord's file uploads: the JSON in payload_json, each file in files[n], named by attachments[].id
            var form = await ctx.Request.ReadFormAsync();
            body = form.TryGetValue("payload_json", out var json) ? JsonNode.Parse(json.ToString()) : null;
            foreach (var f in form.Files)
            {
                using var ms = new MemoryStream();
                await f.CopyToAsync(ms);
                files.Add(new FakeFile(f.Name, f.FileName, f.ContentType, ms.ToArray()));
            }
            formError = CheckFiles(body, files);
        }
        else if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.ContentType.Count > 0)
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            body = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        }
        var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        headers[QueryHeader] = ctx.Request.QueryString.Value ?? "";
        var method = ctx.Request.Method;
        if (RestDelay > TimeSpan.Zero)
        {
            await Task.Delay(RestDelay);
        }
        if (formError is null && TakeHold(method, path) is { } hold)
        {
            await HoldAsync(ctx, hold, method, path, body, headers);
            return;
        }
        var (status, response, extraHeaders) = formError is null
            ? Route(method, path, body, headers)
            : (400, new JsonObject { ["message"] = "Invalid Form Body", ["code"] = 50035, ["errors"] = formError }.ToJsonString(), null);
        if (Record)
        {
            Calls.Enqueue(new RestCall(method, path, body, headers, DateTimeOffset.UtcNow, status) { Files = files });
        }
        await RespondAsync(ctx, status, response, extraHeaders);
    }

    private static async Task RespondAsync(HttpContext ctx, int status, string? response, IReadOnlyDictionary<string, string>? extraHeaders)
    {
        ctx.Response.StatusCode = status;
        foreach (var (k, v) in extraHeaders ?? new Dictionary<string, string>())
        {
            ctx.Response.Headers[k] = v;
        }
        if (response is not null)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(response);
        }
    }

    private (int Status, string? Body, IReadOnlyDictionary<string, string>? Headers) Route(string method, string path, JsonNode? body, IReadOnlyDictionary<string, string> headers)
    {
        const string api = "/api/v10";
        if (!path.StartsWith(api, StringComparison.Ordinal))
        {
            return (404, """{"message":"404: Not Found","code":0}""", null);
        }
        path = path[api.Length..];
        var seg = path.Trim('/').Split('/');

        foreach (var planned in _planned)
        {
            if (planned.Method == method && path.Contains(planned.PathContains, StringComparison.Ordinal))
            {
                lock (_lock)
                {
                    if (_planned.TryPeek(out var head) && ReferenceEquals(head, planned) && _planned.TryDequeue(out _))
                    {
                        return (planned.Status, planned.Body, planned.Headers);
                    }
                }
            }
            break; // only the head of the plan is considered, in order
        }

        bool needsBot = !(seg[0] is "interactions" or "webhooks");
        if (needsBot)
        {
            if (!headers.TryGetValue("Authorization", out var auth) || auth != "Bot " + ValidToken)
            {
                return (401, """{"message":"401: Unauthorized","code":0}""", null);
            }
        }

        switch (method, seg)
        {
            case ("GET", ["gateway", "bot"]):
                return (200, new JsonObject
                {
                    ["url"] = GatewayUrl,
                    ["shards"] = 1,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 14400000, ["max_concurrency"] = 1 },
                }.ToJsonString(), null);
            case ("POST", ["channels", var channel, "messages"]):
                return PostMessage(channel, body);
            case ("GET", ["channels", var channel, "messages"]):
                return (200, ListMessages(channel, headers.GetValueOrDefault(QueryHeader)).ToJsonString(), null);
            case ("GET", ["channels", var channel]) when CreatedThreads.Contains(channel):
                // a thread the bot opened: a public thread under the text channel, owned by the bot
                return (200, new JsonObject { ["id"] = channel, ["type"] = 11, ["guild_id"] = GuildId, ["parent_id"] = ChannelId, ["owner_id"] = BotUserId }.ToJsonString(), null);
            case ("GET", ["channels", var channel]):
                return (200, new JsonObject { ["id"] = channel, ["type"] = 0, ["guild_id"] = GuildId }.ToJsonString(), null);
            case ("POST", ["channels", _, "threads"] or ["channels", _, "messages", _, "threads"]):
                var parent = seg[1];
                // from a message, the thread takes the message's id, so a message has one thread at most
                string? from = seg.Length == 5 ? seg[3] : null;
                if (from is not null && CreatedThreads.Contains(from))
                {
                    return (400, """{"message":"A thread has already been created for this message","code":160004}""", null);
                }
                if (from is not null && Record && !Messages.Any(m => m.Id == from && m.Channel == parent))
                {
                    return (404, """{"message":"Unknown Message","code":10008}""", null);
                }
                var thread = new JsonObject
                {
                    ["id"] = from ?? NewId(),
                    ["type"] = body?["type"]?.GetValue<int>() ?? 11,
                    ["guild_id"] = GuildId,
                    ["parent_id"] = parent,
                    ["owner_id"] = BotUserId,
                    ["name"] = body?["name"]?.GetValue<string>(),
                };
                CreatedThreads.Enqueue(thread["id"]!.GetValue<string>());
                return (201, thread.ToJsonString(), null);
            case ("POST", ["users", "@me", "channels"]):
                var recipient = body?["recipient_id"]?.GetValue<string>() ?? "0";
                return (200, new JsonObject { ["id"] = "7" + recipient[1..], ["type"] = 1 }.ToJsonString(), null);
            case ("POST", ["interactions", _, _, "callback"]):
                return (204, null, null);
            case ("POST", ["webhooks", _, _]):
                MessagePosted?.Invoke("webhook", body);
                return (200, MessageResponse("webhook", body).ToJsonString(), null);
            case ("PATCH", ["webhooks", _, _, "messages", "@original"]):
                MessagePosted?.Invoke("original", body);
                return (200, MessageResponse("webhook", body).ToJsonString(), null);
            case ("DELETE", ["webhooks", _, _, "messages", "@original"]):
                return (204, null, null);
            case ("GET", ["applications", _, "commands"]):
            case ("GET", ["applications", _, "guilds", _, "commands"]):
                return (200, RegisteredCommands?.ToJsonString() ?? "[]", null);
            case ("PUT", ["applications", _, "commands"]):
            case ("PUT", ["applications", _, "guilds", _, "commands"]):
                RegisteredCommands = body?.DeepClone();
                return (200, RegisteredCommands?.ToJsonString() ?? "[]", null);
        }
        return (404, """{"message":"404: Not Found","code":0}""", null);
    }

    /// <summary>Why Discord would refuse a multipart body: every <c>attachments[].id</c> needs its <c>files[id]</c> part and every
    /// file part needs its entry (by id); null when they match.</summary>
    private static string? CheckFiles(JsonNode? body, IReadOnlyList<FakeFile> files)
    {
        if (body is null)
        {
            return "payload_json is missing";
        }
        var ids = body["attachments"]?.AsArray().Select(a => a!["id"]!.GetValue<int>()).ToHashSet() ?? [];
        var parts = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (int id in ids)
        {
            if (!parts.Contains($"files[{id}]"))
            {
                return $"attachments[{id}] has no files[{id}] part";
            }
        }
        foreach (var f in files)
        {
            if (!f.Name.StartsWith("files[", StringComparison.Ordinal) || !int.TryParse(f.Name[6..^1], out int n) || !ids.Contains(n))
            {
                return $"the part {f.Name} is named by no attachments entry";
            }
        }
        return null;
    }

    public JsonNode? RegisteredCommands { get; set; }

    /// <summary>Ids of the threads the client opened, in order.</summary>
    public ConcurrentQueue<string> CreatedThreads { get; } = new();

    private (int, string?, IReadOnlyDictionary<string, string>?) PostMessage(string channel, JsonNode? body)
    {
        Dictionary<string, string>? rl = null;
        if (ChannelRateLimit is { } limit)
        {
            var now = DateTimeOffset.UtcNow;
            var w = _channelWindows.AddOrUpdate(channel, _ => (0, now), (_, old) => now - old.WindowStart >= limit.Window ? (0, now) : old);
            var resetAfter = Math.Max(0, (limit.Window - (now - w.WindowStart)).TotalSeconds);
            if (w.Count >= limit.Limit)
            {
                var h = new Dictionary<string, string>
                {
                    ["X-RateLimit-Limit"] = limit.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["X-RateLimit-Remaining"] = "0",
                    ["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
                    ["X-RateLimit-Bucket"] = "msgbucket",
                    ["X-RateLimit-Scope"] = "user",
                };
                return (429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = resetAfter, ["global"] = false }.ToJsonString(), h);
            }
            _channelWindows[channel] = (w.Count + 1, w.WindowStart);
            rl = new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = limit.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["X-RateLimit-Remaining"] = (limit.Limit - w.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
                ["X-RateLimit-Bucket"] = "msgbucket",
            };
        }
        return (200, CreateMessage(channel, body).ToJsonString(), rl);
    }

    private JsonObject MessageResponse(string channel, JsonNode? body) => new()
    {
        ["id"] = NewId(),
        ["channel_id"] = channel,
        ["author"] = User(BotUserId, "Coach", true),
        ["content"] = body?["content"]?.GetValue<string>() ?? "",
        ["type"] = 0,
    };

    // ---- gateway ----

    private async Task RunGatewayAsync(HttpContext ctx, string endpoint)
    {
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        int number = Interlocked.Increment(ref _connections);
        var c = new Connection(socket, number);
        lock (_lock)
        {
            _current = c;
        }
        try
        {
            await c.SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatIntervalMs } });
            var buffer = new byte[8192];
            while (true)
            {
                using var ms = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClientCloses.Enqueue((number, (int?)result.CloseStatus));
                        if (result.CloseStatus is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable)
                        {
                            lock (_lock)
                            {
                                _sessionId = null; // Discord ends the session on 1000 and 1001: it cannot be resumed
                            }
                        }
                        return;
                    }
                    ms.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (ms.Length > 4096)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)4002, "frame too large", CancellationToken.None);
                    return;
                }
                var frame = JsonNode.Parse(ms.ToArray())!;
                int op = frame["op"]!.GetValue<int>();
                var d = frame["d"];
                if (Record || op != 1)
                {
                    Received.Enqueue(new GatewayReceived(number, endpoint, op, d?.DeepClone(), DateTimeOffset.UtcNow));
                }
                switch (op)
                {
                    case 1:
                        if (AckHeartbeats)
                        {
                            await c.SendAsync(new JsonObject { ["op"] = 11 });
                        }
                        break;
                    case 2:
                        if (d?["token"]?.GetValue<string>() != ValidToken)
                        {
                            await socket.CloseOutputAsync((WebSocketCloseStatus)4004, "Authentication failed.", CancellationToken.None);
                            return;
                        }
                        await ReadyAsync(c);
                        break;
                    case 6:
                        await ResumeAsync(c, d);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            ClientCloses.Enqueue((number, null));
        }
        finally
        {
            lock (_lock)
            {
                if (ReferenceEquals(_current, c))
                {
                    _current = null;
                }
            }
        }
    }

    private async Task ReadyAsync(Connection c)
    {
        JsonObject ready;
        int seq;
        lock (_lock)
        {
            _sessionId = "session-" + (++_sessionCounter);
            _history.Clear();
            _seq = 0;
            seq = ++_seq;
            ready = new JsonObject
            {
                ["v"] = 10,
                ["user"] = User(BotUserId, "Coach", true),
                ["guilds"] = new JsonArray(),
                ["session_id"] = _sessionId,
                ["resume_gateway_url"] = ResumeUrl,
                ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
            };
            _history.Add((seq, "READY", ready));
        }
        await c.SendAsync(new JsonObject { ["op"] = 0, ["d"] = ready.DeepClone(), ["s"] = seq, ["t"] = "READY" });
        await GoLiveAsync(c, seq);
    }

    /// <summary>Sends what was dispatched while the connection was identifying or replaying, then marks it
    /// live, atomically with the last check, so a dispatch racing the hand-over is neither lost nor doubled
    /// (Discord queues events for a session the same way).</summary>
    private async Task GoLiveAsync(Connection c, int sentUpTo)
    {
        while (true)
        {
            List<(int Seq, string Type, JsonNode Data)> pending;
            lock (_lock)
            {
                pending = _history.Where(h => h.Seq > sentUpTo).ToList();
                if (pending.Count == 0)
                {
                    c.Ready = true;
                    return;
                }
            }
            foreach (var (seq, type, data) in pending)
            {
                await c.SendAsync(new JsonObject { ["op"] = 0, ["d"] = data.DeepClone(), ["s"] = seq, ["t"] = type });
                sentUpTo = seq;
            }
        }
    }

    private async Task ResumeAsync(Connection c, JsonNode? d)
    {
        var session = d?["session_id"]?.GetValue<string>();
        var from = d?["seq"]?.GetValue<int?>() ?? 0;
        List<(int Seq, string Type, JsonNode Data)> replay;
        lock (_lock)
        {
            if (session != _sessionId || d?["token"]?.GetValue<string>() != ValidToken)
            {
                replay = [];
                c.Ready = false;
            }
            else
            {
                replay = _history.Where(h => h.Seq > from - ResumeReplaysExtra && h.Type != "READY").ToList();
            }
        }
        if (session != SessionId)
        {
            await c.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
            return;
        }
        foreach (var (seq, type, data) in replay)
        {
            await c.SendAsync(new JsonObject { ["op"] = 0, ["d"] = data.DeepClone(), ["s"] = seq, ["t"] = type });
        }
        int sentUpTo = replay.Count > 0 ? replay[^1].Seq : from;
        int resumedSeq;
        lock (_lock)
        {
            resumedSeq = ++_seq;
            _history.Add((resumedSeq, "RESUMED", new JsonObject()));
        }
        // events dispatched while the replay was being sent come before RESUMED on the wire, in order
        List<(int Seq, string Type, JsonNode Data)> late;
        lock (_lock)
        {
            late = _history.Where(h => h.Seq > sentUpTo && h.Seq < resumedSeq).ToList();
        }
        foreach (var (seq, type, data) in late)
        {
            await c.SendAsync(new JsonObject { ["op"] = 0, ["d"] = data.DeepClone(), ["s"] = seq, ["t"] = type });
        }
        await c.SendAsync(new JsonObject { ["op"] = 0, ["d"] = new JsonObject(), ["s"] = resumedSeq, ["t"] = "RESUMED" });
        await GoLiveAsync(c, resumedSeq);
    }

    private sealed class Connection(WebSocket socket, int number)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        public WebSocket Socket { get; } = socket;
        public int Number { get; } = number;
        public bool Ready { get; set; }

        public async Task SendAsync(JsonNode frame)
        {
            var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
            await _send.WaitAsync();
            try
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
