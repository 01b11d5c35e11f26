namespace Coach.Discord.Gateway;

/// <summary>At most 120 gateway sends in any 60 s; a few places are kept for heartbeats.</summary>
internal sealed class GatewaySendBudget(TimeProvider time, int limit = 120, int heartbeatReserve = 4)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private readonly Queue<long> _sent = new();
    private readonly Lock _lock = new();

    public async Task WaitAsync(bool heartbeat, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                long now = time.GetTimestamp();
                while (_sent.Count > 0 && time.GetElapsedTime(_sent.Peek(), now) >= Window)
                {
                    _sent.Dequeue();
                }
                int allowed = heartbeat ? limit : limit - heartbeatReserve;
                if (_sent.Count < allowed)
                {
                    _sent.Enqueue(now);
                    return;
                }
                wait = Window - time.GetElapsedTime(_sent.Peek(), now);
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, ct);
        }
    }

    internal int InWindow
    {
        get
        {
            lock (_lock)
            {
                return _sent.Count;
            }
        }
    }
}
