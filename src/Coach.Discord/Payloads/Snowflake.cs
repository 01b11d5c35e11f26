namespace Coach.Discord.Payloads;

/// <summary>Discord ids carry their creation time.</summary>
internal static class Snowflake
{
    private const long DiscordEpochMs = 1420070400000;

    public static DateTimeOffset Time(string id, TimeProvider fallback) =>
        ulong.TryParse(id, out var value) && value > (1UL << 22)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(value >> 22) + DiscordEpochMs)
            : fallback.GetUtcNow();

    /// <summary>The smallest id Discord could give at <paramref name="at"/>: as <c>after</c> it pages from that moment.</summary>
    public static string At(DateTimeOffset at) =>
        ((ulong)Math.Max(0, at.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
