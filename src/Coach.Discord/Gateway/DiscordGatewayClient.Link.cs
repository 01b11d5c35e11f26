using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Conversation;
using Coach.Discord.Payloads;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Gateway;

/// <summary>One WebSocket connection to the gateway: hello, identify or resume, the heartbeat loop, incoming frames, the close-code
/// table and the rate-limited send.</summary>
public sealed partial class DiscordGatewayClient
{
    private static Uri BuildUri(string url)
    {
        var builder = new UriBuilder(url);
        if (string.IsNullOrEmpty(builder.Query))
        {
            builder.Query = "v=10&encoding=json";
        }
        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }
        return builder.Uri;
    }

    private async Task<(LinkOutcome, string?)> RunLinkAsync(Link link, string url, bool resume, CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        link.Socket = ws;
        using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connectCts.CancelAfter(TimeSpan.FromSeconds(30));
            await ws.ConnectAsync(BuildUri(url), connectCts.Token);
        }
        using var linkCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task heartbeat = Task.CompletedTask;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await ws.ReceiveAsync(buffer.AsMemory(), linkCts.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return ForClose((int?)ws.CloseStatus);
                    }
                    message.Write(buffer.AsSpan(0, result.Count));
                }
                while (!result.EndOfMessage);

                long receivedAt = _time.GetTimestamp();
                GatewayFrame? frame;
                try
                {
                    frame = JsonSerializer.Deserialize<GatewayFrame>(message.WrittenSpan, DiscordJson.Options);
                }
                catch (JsonException)
                {
                    _log.LogWarning("Discord gateway sent a frame that is not JSON; ignored");
                    continue;
                }
                if (frame is null)
                {
                    continue;
                }

                switch (frame.Op)
                {
                    case 10: // hello
                        var hello = frame.D.Deserialize<HelloData>(DiscordJson.Options)!;
                        link.Acked = true;
                        heartbeat = HeartbeatLoopAsync(link, TimeSpan.FromMilliseconds(hello.HeartbeatInterval), linkCts.Token);
                        if (resume)
                        {
                            int? seq = LastSequence;
                            _log.LogInformation("Discord gateway resuming session at sequence {Seq}", seq);
                            await SendAsync(link, 6, new ResumeData(_options.Token, SessionId!, seq), false, linkCts.Token);
                        }
                        else
                        {
                            _lastIdentifyAt = _time.GetTimestamp();
                            int[]? shard = _options.ShardCount is { } count ? [_options.ShardId ?? 0, count] : null;
                            _log.LogInformation("Discord gateway identifying (intents {Intents})", _options.Intents);
                            await SendAsync(link, 2, new IdentifyData(_options.Token, _options.Intents,
                                new IdentifyProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "coach", "coach"), shard), false, linkCts.Token);
                        }
                        break;
                    case 11: // heartbeat ack
                        link.Acked = true;
                        break;
                    case 1: // the gateway asks for a heartbeat now
                        await SendHeartbeatAsync(link, linkCts.Token);
                        break;
                    case 7:
                        _log.LogInformation("Discord gateway asked for a reconnect (op 7)");
                        await CloseQuietlyAsync(ws, (WebSocketCloseStatus)4000, "reconnect");
                        return (LinkOutcome.Resume, null);
                    case 9:
                        bool resumable = frame.D.ValueKind == JsonValueKind.True;
                        _log.LogInformation("Discord gateway: invalid session (resumable: {Resumable})", resumable);
                        await CloseQuietlyAsync(ws, resumable ? (WebSocketCloseStatus)4000 : WebSocketCloseStatus.NormalClosure, "invalid session");
                        return (resumable ? LinkOutcome.Resume : LinkOutcome.InvalidSessionFresh, null);
                    case 0:
                        await OnDispatchFrameAsync(link, frame, receivedAt);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // 1000 would end the session; 4000 keeps it resumable for the next run when the session is kept across restarts
            await CloseQuietlyAsync(ws, _options.ResumeAcrossRestarts ? (WebSocketCloseStatus)4000 : WebSocketCloseStatus.NormalClosure, "shutting down");
            return (LinkOutcome.Cancelled, null);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            if (link.Zombie)
            {
                return (LinkOutcome.Resume, null);
            }
            _log.LogWarning("Discord gateway connection dropped: {Error}", ex.Message);
            return (LinkOutcome.Resume, null);
        }
        finally
        {
            await linkCts.CancelAsync();
            try
            {
                await heartbeat;
            }
            catch (Exception)
            {
                // the heartbeat loop ends with the link
            }
            ArrayPool<byte>.Shared.Return(buffer);
            ws.Abort();
        }
    }

    private async ValueTask OnDispatchFrameAsync(Link link, GatewayFrame frame, long receivedAt)
    {
        if (frame.S is { } s)
        {
            lock (_stateLock)
            {
                if (_sequence is null || s > _sequence)
                {
                    _sequence = s;
                }
            }
        }
        switch (frame.T)
        {
            case "READY":
                var ready = frame.D.Deserialize<ReadyData>(DiscordJson.Options)!;
                lock (_stateLock)
                {
                    _sessionId = ready.SessionId;
                    _resumeUrl = ready.ResumeGatewayUrl;
                }
                BotUserId = ready.User.Id;
                ApplicationId = ready.Application?.Id ?? ApplicationId;
                link.Live = true;
                _log.LogInformation("Discord gateway ready");
                SetState(TransportState.Connected, null);
                break;
            case "RESUMED":
                link.Live = true;
                _log.LogInformation("Discord gateway resumed");
                SetState(TransportState.Connected, null);
                break;
        }
        if (frame.T is not null && OnDispatch is { } handler)
        {
            await handler(new GatewayDispatch(frame.T, frame.S ?? 0, frame.D, receivedAt));
        }
    }

    private static (LinkOutcome, string?) ForClose(int? code) => code switch
    {
        4004 => (LinkOutcome.Fatal, "4004 authentication failed: the bot token is wrong"),
        4010 => (LinkOutcome.Fatal, "4010 invalid shard"),
        4011 => (LinkOutcome.Fatal, "4011 sharding required: set Discord:ShardId and Discord:ShardCount"),
        4012 => (LinkOutcome.Fatal, "4012 invalid API version"),
        4013 => (LinkOutcome.Fatal, "4013 invalid intents"),
        4014 => (LinkOutcome.Fatal, "4014 disallowed intents: enable the Message Content intent in the developer portal"),
        4007 or 4009 => (LinkOutcome.Identify, null),
        _ => (LinkOutcome.Resume, null), // 4000-4003, 4005, 4008, 1000/1001 from the server, anything else: resume
    };

    private async Task HeartbeatLoopAsync(Link link, TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await Task.Delay(interval * Random.Shared.NextDouble(), _time, ct);
            while (!ct.IsCancellationRequested)
            {
                if (!link.Acked)
                {
                    link.Zombie = true;
                    _log.LogWarning("Discord gateway missed a heartbeat ack: zombie link, reconnecting");
                    await CloseQuietlyAsync(link.Socket!, (WebSocketCloseStatus)4000, "zombie");
                    return;
                }
                link.Acked = false;
                await SendHeartbeatAsync(link, ct);
                await Task.Delay(interval, _time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // The link is going down; the receive loop reconnects.
        }
    }

    private Task SendHeartbeatAsync(Link link, CancellationToken ct) => SendAsync(link, 1, LastSequence, true, ct);

    private async Task SendAsync(Link link, int op, object? d, bool heartbeat, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new OutFrame(op, d), DiscordJson.Options);
        if (bytes.Length > MaxFrameBytes)
        {
            throw new InvalidOperationException($"Gateway frame of {bytes.Length} bytes is over the {MaxFrameBytes}-byte limit.");
        }
        await link.Budget.WaitAsync(heartbeat, ct);
        await link.SendLock.WaitAsync(ct);
        try
        {
            await link.Socket!.SendAsync(bytes, WebSocketMessageType.Text, true, ct);
        }
        finally
        {
            link.SendLock.Release();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket ws, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await ws.CloseOutputAsync(status, reason, cts.Token);
            }
        }
        catch (Exception)
        {
            // best effort: the socket is aborted next
        }
        ws.Abort();
    }

    private sealed record OutFrame(int Op, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? D);

    private enum LinkOutcome
    {
        Resume,
        Identify,
        InvalidSessionFresh,
        Fatal,
        Cancelled,
    }

    /// <summary>State of one WebSocket connection.</summary>
    private sealed class Link(TimeProvider time)
    {
        private volatile bool _acked = true;
        private volatile bool _zombie;
        private volatile bool _live;
        public ClientWebSocket? Socket { get; set; }
        public SemaphoreSlim SendLock { get; } = new(1, 1);
        public GatewaySendBudget Budget { get; } = new(time);
        public bool Acked { get => _acked; set => _acked = value; }
        public bool Zombie { get => _zombie; set => _zombie = value; }
        public bool Live { get => _live; set => _live = value; }
    }
}
