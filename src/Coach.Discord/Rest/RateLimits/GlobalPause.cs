namespace Coach.Discord.Rest.RateLimits;

/// <summary>Discord's global rate limit: after a global 429 every route waits until the pause ends.</summary>
internal sealed class GlobalPause
{
    private long _untilTicks;

    /// <summary>When the pause ends (in the past when there is none).</summary>
    public DateTimeOffset Until => new(Interlocked.Read(ref _untilTicks), TimeSpan.Zero);

    /// <summary>Moves the end of the pause to <paramref name="until"/>, never earlier than it already is.</summary>
    public void Extend(DateTimeOffset until)
    {
        long ticks = until.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _untilTicks);
            if (seen >= ticks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _untilTicks, ticks, seen) != seen);
    }
}
