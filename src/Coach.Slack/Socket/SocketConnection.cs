using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Coach.Slack.Inbound;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Socket;

internal enum ConnectionEndKind
{
    /// <summary>Slack asked for a new connection (<c>refresh_requested</c>, <c>warning</c>): this one still works until replaced.</summary>
    RefreshRequested,
    /// <summary>The socket closed, failed, or went silent.</summary>
    Dropped,
    /// <summary><c>link_disabled</c>: Socket Mode was turned off for the app. Stop.</summary>
    LinkDisabled,
}

internal sealed record ConnectionEnd(ConnectionEndKind Kind, string? Reason);

/// <summary>
/// One Socket Mode WebSocket: reads whole messages, acks each envelope the moment it arrives, hands it on, and reports
/// how it ended. Pings with a pong deadline detect a silent socket.
/// </summary>
internal sealed class SocketConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _ws = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ConnectionEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _life = new();
    private readonly Func<SocketFrame, Task<bool>> _onEnvelope;
    private readonly ILogger _logger;
    private Task _receiveLoop = Task.CompletedTask;

    public SocketConnection(int slot, int id, Func<SocketFrame, Task<bool>> onEnvelope, ILogger logger)
    {
        Slot = slot;
        Id = id;
        _onEnvelope = onEnvelope;
        _logger = logger;
    }

    public int Slot { get; }

    public int Id { get; }

    /// <summary>Completes once, with the first reason this connection stopped being the slot's live one.</summary>
    public Task<ConnectionEnd> Ended => _ended.Task;

    /// <summary>The socket is open and still being read (it may have been asked to refresh, yet still carries envelopes).</summary>
    public bool IsAlive => _ws.State == WebSocketState.Open && !_receiveLoop.IsCompleted;

    public long EnvelopesAcked => Interlocked.Read(ref _acked);
    private long _acked;

    /// <summary>Connects and waits for <c>hello</c>.</summary>
    public async Task OpenAsync(Uri url, SlackOptions options, TimeProvider time, CancellationToken ct)
    {
        _ws.Options.KeepAliveInterval = options.PingInterval;
        _ws.Options.KeepAliveTimeout = options.PingTimeout;
        await _ws.ConnectAsync(url, ct);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await _hello.Task.WaitAsync(options.HelloTimeout, time, ct);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (_ws.State == WebSocketState.Open || _ws.State == WebSocketState.CloseSent)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _ws.ReceiveAsync(buffer.GetMemory(8 * 1024), _life.Token);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                if (result.MessageType != WebSocketMessageType.Text)
                {
                    continue;
                }
                await OnMessageAsync(buffer.WrittenMemory);
            }
            _ended.TrySetResult(new ConnectionEnd(ConnectionEndKind.Dropped, $"closed {_ws.CloseStatus}"));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _ended.TrySetResult(new ConnectionEnd(ConnectionEndKind.Dropped, ex.GetType().Name));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Slack socket {Slot}/{Id} receive loop failed", Slot, Id);
            _ended.TrySetResult(new ConnectionEnd(ConnectionEndKind.Dropped, ex.GetType().Name));
        }
        finally
        {
            _hello.TrySetException(new WebSocketException("Socket closed before hello"));
        }
    }

    private async Task OnMessageAsync(ReadOnlyMemory<byte> json)
    {
        SocketFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize<SocketFrame>(json.Span, SlackJson.Options);
        }
        catch (JsonException)
        {
            _logger.LogWarning("Slack socket {Slot}/{Id}: unreadable frame of {Bytes} bytes", Slot, Id, json.Length);
            return;
        }
        if (frame is null)
        {
            return;
        }
        if (!string.IsNullOrEmpty(frame.EnvelopeId))
        {
            // Ack once the event is stored, within Slack's 3 s, whatever the work costs (the work goes to a queue). Reading
            // goes on meanwhile, so envelopes that arrive together are stored together. Not stored: no ack, Slack resends it.
            Task<bool> stored = _onEnvelope(frame);
            if (stored.IsCompletedSuccessfully)
            {
                if (stored.Result)
                {
                    await AckAsync(frame.EnvelopeId);
                }
                return;
            }
            _ = AckWhenStoredAsync(frame.EnvelopeId, stored);
            return;
        }
        switch (frame.Type)
        {
            case "hello":
                _hello.TrySetResult();
                break;
            case "disconnect" when frame.Reason == "link_disabled":
                _ended.TrySetResult(new ConnectionEnd(ConnectionEndKind.LinkDisabled, frame.Reason));
                break;
            case "disconnect":
                _logger.LogInformation("Slack socket {Slot}/{Id}: disconnect {Reason}; opening a new one first", Slot, Id, frame.Reason);
                _ended.TrySetResult(new ConnectionEnd(ConnectionEndKind.RefreshRequested, frame.Reason));
                break;
        }
    }

    private async Task AckAsync(string envelopeId)
    {
        await SendAsync("{\"envelope_id\":" + JsonSerializer.Serialize(envelopeId) + "}");
        Interlocked.Increment(ref _acked);
    }

    private async Task AckWhenStoredAsync(string envelopeId, Task<bool> stored)
    {
        try
        {
            if (await stored)
            {
                await AckAsync(envelopeId);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _logger.LogInformation("Slack socket {Slot}/{Id} closed before an envelope could be acknowledged; Slack sends it again", Slot, Id);
        }
    }

    private async Task SendAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(_life.Token);
        try
        {
            await _ws.SendAsync(bytes, WebSocketMessageType.Text, true, _life.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes politely: half-close, keep reading (and acking) until Slack closes, give up after a moment.</summary>
    public async Task CloseAsync(TimeSpan grace, TimeProvider time)
    {
        try
        {
            if (_ws.State == WebSocketState.Open)
            {
                await _sendLock.WaitAsync(_life.Token);
                try
                {
                    using var cts = new CancellationTokenSource(grace, time);
                    await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "refreshed", cts.Token);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
            await _receiveLoop.WaitAsync(grace, time);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
        }
        finally
        {
            await DisposeAsync();
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _ended.TrySetResult(new ConnectionEnd(ConnectionEndKind.Dropped, "disposed"));
        _life.Cancel();
        _ws.Abort();
        try
        {
            await _receiveLoop;
        }
        catch (Exception)
        {
        }
        _ws.Dispose();
        _life.Dispose();
        _sendLock.Dispose();
    }
}
