using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Coach.Slack.Tests.Fake;

/// <summary>One Web API request the fake received.</summary>
public sealed record ApiCall(string Method, string? Authorization, string? ContentType, JsonObject Body, string RawBody, long Timestamp)
{
    public string? Str(string name) => Body[name]?.GetValue<string>();
}

/// <summary>Bytes POSTed to an upload URL the fake handed out: the request's content type, and the multipart file part's field,
/// file name, content type and bytes.</summary>
public sealed record FakeUpload(string FileId, string? RequestContentType, string FieldName, string? FileName, string? PartContentType, byte[] Bytes);

/// <summary>A scripted answer for the next call of one method.</summary>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeResponse RateLimited(int retryAfterSeconds) =>
        new(429, "", new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static FakeResponse Error(string error) => new(200, $"{{\"ok\":false,\"error\":\"{error}\"}}");
}

/// <summary>
/// A fake Slack on loopback speaking the real wire format: the Web API (<c>POST /api/{method}</c>, bearer auth, JSON,
/// 429 with Retry-After when scripted) and Socket Mode (<c>apps.connections.open</c> hands out single-use WebSocket URLs;
/// the fake says hello, sends envelopes, records acks, and can send disconnects, close, or go silent).
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-fake-bot-token";
    public const string AppToken = "xapp-fake-app-token";
    public const string BotUserId = "UBOT";
    public const string TeamId = "T0001";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeResponse>> _scripted = new();
    private readonly ConcurrentQueue<ApiCall> _calls = new();
    private readonly ConcurrentQueue<FakeUpload> _uploads = new();
    private int _files;
    private readonly ConcurrentDictionary<string, byte> _tickets = new();
    private readonly List<FakeSocket> _sockets = [];
    private readonly Lock _lock = new();
    private long _ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000; // microseconds: ts values read as the time they were made
    private readonly ConcurrentDictionary<string, ConcurrentQueue<bool>> _holds = new();
    private readonly ConcurrentQueue<SlackPost> _messages = new();
    private int _socketIds;
    private int _envelopeIds;

    private FakeSlack(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public string ApiBaseUrl => new Uri(BaseAddress, "api").ToString();

    /// <summary>Workspace admins, as users.info reports them.</summary>
    public HashSet<string> Admins { get; } = [];

    /// <summary>Whether new sockets get a hello (false tests the hello timeout).</summary>
    public bool SendHello { get; set; } = true;

    /// <summary>Raised for every Web API call (the load harness times replies with it).</summary>
    public event Action<ApiCall>? CallReceived;

    /// <summary>A test's own answer to a call (e.g. a per-channel rate limit that answers 429), or null to answer as usual.</summary>
    public Func<ApiCall, FakeResponse?>? Respond { get; set; }

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSlack(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>
    /// False for the load harness: calls are only raised (<see cref="CallReceived"/>), not kept, and posts are not kept
    /// for <c>conversations.history</c>. A kept call holds its parsed body; tens of thousands of them, promoted from
    /// one collection to the next, made the harness's own garbage collections the slowest replies it measured.
    /// </summary>
    public bool KeepRecords { get; set; } = true;

    public IReadOnlyList<ApiCall> Calls => [.. _calls];

    /// <summary>The ts the fake gave each chat.postMessage it answered.</summary>
    public ConcurrentDictionary<ApiCall, string> PostedTs { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The ts the fake gave a chat.postMessage: a call is seen (<see cref="WaitForCallAsync"/>) a moment before the
    /// fake answers it, so this waits for the answer.</summary>
    public async Task<string> TsOfAsync(ApiCall post)
    {
        string? ts = null;
        await WaitUntilAsync(() => PostedTs.TryGetValue(post, out ts), what: "the fake to answer " + post.Method);
        return ts!;
    }

    public IReadOnlyList<ApiCall> CallsTo(string method) => [.. _calls.Where(c => c.Method == method)];

    /// <summary>Files uploaded to the URLs <c>files.getUploadURLExternal</c> handed out, in order.</summary>
    public IReadOnlyList<FakeUpload> Uploads => [.. _uploads];

    public IReadOnlyList<FakeSocket> Sockets
    {
        get { lock (_lock) { return [.. _sockets]; } }
    }

    public IReadOnlyList<FakeSocket> OpenSockets => [.. Sockets.Where(s => s.IsOpen)];

    /// <summary>Messages in the fake's channels (each chat.postMessage it took), as conversations.history returns them.</summary>
    public IReadOnlyList<SlackPost> Messages => [.. _messages];

    /// <summary>The next call of <paramref name="method"/> is recorded and then never answered (until the caller goes away).
    /// With <paramref name="apply"/> a held chat.postMessage still posts its message: Slack took it and the answer was lost.</summary>
    public void Hold(string method, bool apply = false) => _holds.GetOrAdd(method, _ => new ConcurrentQueue<bool>()).Enqueue(apply);

    public void Script(string method, params FakeResponse[] responses)
    {
        var q = _scripted.GetOrAdd(method, _ => new ConcurrentQueue<FakeResponse>());
        foreach (var r in responses)
        {
            q.Enqueue(r);
        }
    }

    public async Task<ApiCall> WaitForCallAsync(Func<ApiCall, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var hit = _calls.FirstOrDefault(match);
            if (hit is not null)
            {
                return hit;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("The fake Slack got no matching call. Calls: " + string.Join(", ", _calls.Select(c => c.Method)));
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + (what ?? "a condition"));
            }
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> sockets were opened and said hello; returns the newest.</summary>
    public async Task<FakeSocket> WaitForSocketAsync(int count, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Sockets.Count(s => s.HelloSent) >= count, timeout, $"{count} sockets");
        return Sockets.Where(s => s.HelloSent).ElementAt(count - 1);
    }

    internal string NextEnvelopeId() => $"env-{Interlocked.Increment(ref _envelopeIds):D6}";

    public string NextTs()
    {
        var v = Interlocked.Increment(ref _ts);
        return $"{v / 1_000_000}.{v % 1_000_000:D6}";
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            await HandleApiAsync(ctx, path["/api/".Length..]);
            return;
        }
        if (path.StartsWith("/hooks/", StringComparison.Ordinal))
        {
            await HandleApiAsync(ctx, "response_url");
            return;
        }
        if (path.StartsWith("/upload/v1/", StringComparison.Ordinal) && ctx.Request.Method == "POST")
        {
            await HandleUploadAsync(ctx, path["/upload/v1/".Length..]);
            return;
        }
        if (path == "/socket")
        {
            await HandleSocketAsync(ctx);
            return;
        }
        ctx.Response.StatusCode = 404;
    }

    /// <summary>Slack's upload URL: takes the bytes raw or as multipart (the file in a part), answers 200 with a plain-text note.</summary>
    private async Task HandleUploadAsync(HttpContext ctx, string fileId)
    {
        var contentType = ctx.Request.ContentType;
        if (ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync();
            var part = form.Files.FirstOrDefault();
            if (part is null)
            {
                ctx.Response.StatusCode = 400;
                return;
            }
            using var ms = new MemoryStream();
            await part.CopyToAsync(ms);
            _uploads.Enqueue(new FakeUpload(fileId, contentType, part.Name, part.FileName, part.ContentType, ms.ToArray()));
        }
        else
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms);
            _uploads.Enqueue(new FakeUpload(fileId, contentType, "", null, contentType, ms.ToArray()));
        }
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync($"OK - {_uploads.Last().Bytes.Length}");
    }

    private async Task HandleApiAsync(HttpContext ctx, string method)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        JsonObject body = [];
        if (ctx.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true)
        {
            foreach (var (k, v) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(raw))
            {
                body[k] = v.ToString();
            }
        }
        else
        {
            try
            {
                body = string.IsNullOrWhiteSpace(raw) ? [] : JsonNode.Parse(raw)?.AsObject() ?? [];
            }
            catch (JsonException)
            {
                body = [];
            }
        }
        var call = new ApiCall(method, ctx.Request.Headers.Authorization.ToString(), ctx.Request.ContentType, body, raw, System.Diagnostics.Stopwatch.GetTimestamp());
        if (KeepRecords)
        {
            _calls.Enqueue(call);
        }
        CallReceived?.Invoke(call);

        if (_holds.TryGetValue(method, out var holds) && holds.TryDequeue(out var apply))
        {
            if (apply && method == "chat.postMessage")
            {
                Post(call);
            }
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }

        if (Respond?.Invoke(call) is { } own || _scripted.TryGetValue(method, out var q) && q.TryDequeue(out own))
        {
            ctx.Response.StatusCode = own.Status;
            foreach (var (k, v) in own.Headers ?? new Dictionary<string, string>())
            {
                ctx.Response.Headers[k] = v;
            }
            ctx.Response.ContentType = "application/json; charset=utf-8";
            await ctx.Response.WriteAsync(own.Body);
            return;
        }

        var expectedToken = method == "apps.connections.open" ? AppToken : BotToken;
        JsonObject answer;
        if (method == "response_url")
        {
            answer = new JsonObject { ["ok"] = true };
        }
        else if (call.Authorization != "Bearer " + expectedToken)
        {
            answer = new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" };
        }
        else
        {
            answer = method switch
            {
                "auth.test" => new JsonObject { ["ok"] = true, ["url"] = "https://fake.example/", ["team"] = "Fake", ["user"] = "coach", ["team_id"] = TeamId, ["user_id"] = BotUserId, ["bot_id"] = "B0001" },
                "apps.connections.open" => OpenTicket(),
                "chat.postMessage" => new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = Post(call) },
                "conversations.history" or "conversations.replies" => History(call),
                "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = NextTs() },
                "chat.update" => new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = call.Str("ts") },
                "conversations.open" => new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + call.Str("users") } },
                "users.info" => new JsonObject
                {
                    ["ok"] = true,
                    ["user"] = new JsonObject
                    {
                        ["id"] = call.Str("user"),
                        ["name"] = "user" + call.Str("user")?.ToLowerInvariant(),
                        ["is_admin"] = Admins.Contains(call.Str("user") ?? ""),
                        ["is_owner"] = false,
                        ["is_bot"] = false,
                        ["profile"] = new JsonObject { ["display_name"] = "Name " + call.Str("user"), ["real_name"] = "Real " + call.Str("user") },
                    },
                },
                "files.getUploadURLExternal" => UploadTicket(call),
                "files.completeUploadExternal" => CompleteUpload(call),
                "views.open" => new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V" + NextTs().Replace(".", "", StringComparison.Ordinal) } },
                _ => new JsonObject { ["ok"] = false, ["error"] = "unknown_method" },
            };
        }
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(answer.ToJsonString());
    }

    private JsonObject UploadTicket(ApiCall call)
    {
        if (string.IsNullOrEmpty(call.Str("filename")) || !int.TryParse(call.Str("length"), out var length) || length <= 0)
        {
            return new JsonObject { ["ok"] = false, ["error"] = "invalid_arguments" };
        }
        var id = $"F{Interlocked.Increment(ref _files):D6}";
        return new JsonObject { ["ok"] = true, ["upload_url"] = new Uri(BaseAddress, $"upload/v1/{id}").ToString(), ["file_id"] = id };
    }

    /// <summary>Shares uploaded files: each named id must have been uploaded first (Slack answers <c>file_not_found</c> otherwise).</summary>
    private JsonObject CompleteUpload(ApiCall call)
    {
        JsonArray? files = null;
        try
        {
            files = JsonNode.Parse(call.Str("files") ?? "")?.AsArray();
        }
        catch (JsonException)
        {
        }
        if (files is null || files.Count == 0)
        {
            return new JsonObject { ["ok"] = false, ["error"] = "invalid_arguments" };
        }
        var shared = new JsonArray();
        foreach (var f in files)
        {
            var id = f?["id"]?.GetValue<string>();
            if (id is null || _uploads.All(u => u.FileId != id))
            {
                return new JsonObject { ["ok"] = false, ["error"] = "file_not_found" };
            }
            shared.Add(new JsonObject { ["id"] = id, ["title"] = f!["title"]?.GetValue<string>() });
        }
        return new JsonObject { ["ok"] = true, ["files"] = shared };
    }

    private string Post(ApiCall call)
    {
        var ts = NextTs();
        if (!KeepRecords)
        {
            return ts;
        }
        PostedTs[call] = ts;
        _messages.Enqueue(new SlackPost(call.Str("channel") ?? "", ts, call.Str("thread_ts"), call.Str("text") ?? "", call.Body["metadata"]?.DeepClone().AsObject()));
        return ts;
    }

    /// <summary>conversations.history (a channel's messages outside threads) or conversations.replies (a thread's), newest
    /// first, from <c>oldest</c> on; metadata only with <c>include_all_metadata</c>.</summary>
    private JsonObject History(ApiCall call)
    {
        var channel = call.Str("channel");
        var thread = call.Method == "conversations.replies" ? call.Str("ts") : null;
        var oldest = decimal.TryParse(call.Str("oldest"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var o) ? o : 0m;
        var withMetadata = call.Str("include_all_metadata") is "true" or "1";
        var found = _messages
            .Where(m => m.Channel == channel && (thread is null ? m.ThreadTs is null : m.ThreadTs == thread || m.Ts == thread))
            .Where(m => decimal.Parse(m.Ts, System.Globalization.CultureInfo.InvariantCulture) >= oldest)
            .OrderByDescending(m => m.Ts, StringComparer.Ordinal)
            .Select(m =>
            {
                var json = new JsonObject { ["type"] = "message", ["ts"] = m.Ts, ["text"] = m.Text, ["bot_id"] = "B0001" };
                if (m.ThreadTs is not null)
                {
                    json["thread_ts"] = m.ThreadTs;
                }
                if (withMetadata && m.Metadata is not null)
                {
                    json["metadata"] = m.Metadata.DeepClone();
                }
                return (JsonNode)json;
            });
        return new JsonObject { ["ok"] = true, ["messages"] = new JsonArray([.. found]), ["has_more"] = false };
    }

    private JsonObject OpenTicket()
    {
        var ticket = Guid.NewGuid().ToString("N");
        _tickets[ticket] = 0;
        var ws = new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/socket", Query = "ticket=" + ticket };
        return new JsonObject { ["ok"] = true, ["url"] = ws.Uri.ToString() };
    }

    private async Task HandleSocketAsync(HttpContext ctx)
    {
        var ticket = ctx.Request.Query["ticket"].ToString();
        var upgrade = ctx.Features.Get<IHttpUpgradeFeature>();
        // Single-use URLs, like Slack's.
        if (!_tickets.TryRemove(ticket, out _) || upgrade is not { IsUpgradableRequest: true })
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        var key = ctx.Request.Headers["Sec-WebSocket-Key"].ToString();
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the handshake
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        ctx.Response.Headers.Connection = "Upgrade";
        ctx.Response.Headers.Upgrade = "websocket";
        ctx.Response.Headers["Sec-WebSocket-Accept"] = accept;
        var raw = await upgrade.UpgradeAsync();
        var gate = new FreezableStream(raw);
        var ws = WebSocket.CreateFromStream(gate, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var socket = new FakeSocket(this, Interlocked.Increment(ref _socketIds), ws, gate);
        lock (_lock)
        {
            _sockets.Add(socket);
        }
        await socket.RunAsync(SendHello);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in Sockets)
        {
            s.Abort();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A message the fake holds in a channel (or a thread, with <paramref name="ThreadTs"/>).</summary>
public sealed record SlackPost(string Channel, string Ts, string? ThreadTs, string Text, JsonObject? Metadata);

/// <summary>One Socket Mode connection on the fake's side.</summary>
public sealed class FakeSocket(FakeSlack owner, int id, WebSocket ws, FreezableStream stream)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Id { get; } = id;

    public long OpenedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public long ClosedAt { get; private set; }

    /// <summary>True when the client started the close handshake (a polite close), false if it vanished or the fake closed.</summary>
    public bool ClosedByClient { get; private set; }

    public bool HelloSent { get; private set; }

    public bool IsOpen => ClosedAt == 0;

    /// <summary>Envelope id → Stopwatch timestamp it was sent / acked.</summary>
    public ConcurrentDictionary<string, long> Sent { get; } = new();

    public ConcurrentDictionary<string, long> Acks { get; } = new();

    public Task Closed => _closed.Task;

    internal async Task RunAsync(bool hello)
    {
        try
        {
            if (hello)
            {
                await SendRawAsync("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\",\"approximate_connection_time\":18060},\"connection_info\":{\"app_id\":\"A0001\"}}");
                HelloSent = true;
            }
            var buffer = new byte[64 * 1024];
            while (ws.State == WebSocketState.Open)
            {
                using var ms = new MemoryStream();
                WebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    ms.Write(buffer, 0, r.Count);
                }
                while (!r.EndOfMessage);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    ClosedByClient = true;
                    await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                var json = JsonNode.Parse(ms.ToArray());
                if (json?["envelope_id"]?.GetValue<string>() is { } envelopeId)
                {
                    Acks.TryAdd(envelopeId, System.Diagnostics.Stopwatch.GetTimestamp());
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ClosedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _closed.TrySetResult();
        }
    }

    /// <summary>Sends an envelope; returns its id.</summary>
    public async Task<string> SendEnvelopeAsync(string type, JsonNode payload, int retryAttempt = 0, string? envelopeId = null)
    {
        envelopeId ??= owner.NextEnvelopeId();
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = type,
            ["payload"] = payload.DeepClone(),
            ["accepts_response_payload"] = type != "events_api",
            ["retry_attempt"] = retryAttempt,
            ["retry_reason"] = retryAttempt > 0 ? "timeout" : "",
        };
        Sent[envelopeId] = System.Diagnostics.Stopwatch.GetTimestamp();
        await SendRawAsync(envelope.ToJsonString());
        return envelopeId;
    }

    public Task SendDisconnectAsync(string reason) =>
        SendRawAsync($"{{\"type\":\"disconnect\",\"reason\":\"{reason}\",\"debug_info\":{{\"host\":\"fake\"}}}}");

    /// <summary>The fake closes the socket (like Slack after a refresh).</summary>
    public async Task CloseAsync()
    {
        try
        {
            await _send.WaitAsync();
            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "server closing", CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // the connection is gone already (the client closed it, or its response ended): closed, as asked; ASP.NET
            // reports a write to a completed response as a cancellation wrapping ObjectDisposedException
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>The connection goes quiet without closing: nothing is read or written, so pings go unanswered.</summary>
    public void GoSilent() => stream.Freeze();

    public void Abort() => ws.Abort();

    private async Task SendRawAsync(string text)
    {
        await _send.WaitAsync();
        try
        {
            await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }
}

/// <summary>A stream that can be frozen: reads stop returning and writes vanish, like a half-dead TCP link.</summary>
public sealed class FreezableStream(Stream inner) : Stream
{
    private readonly TaskCompletionSource _never = new();
    private volatile bool _frozen;

    public void Freeze() => _frozen = true;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        if (_frozen)
        {
            await _never.Task.WaitAsync(cancellationToken);
        }
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_frozen)
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _frozen ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _never.TrySetException(new ObjectDisposedException(nameof(FreezableStream)));
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
