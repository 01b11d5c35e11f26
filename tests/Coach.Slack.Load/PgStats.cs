using System.Text;
using Npgsql;

/// <summary>What the harness asks a PostgreSQL run's own database: statistics taken after the warm-up, and which tables
/// were read through while measuring (a plan that reads a whole table instead of finding a row by its key shows here).</summary>
internal static class PgStats
{
    public static async Task AnalyzeAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("ANALYZE", c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>"name count, ..." for every table of more than one page read through more than 100 times (the sweeps read
    /// the inbox and the outbox through a few times a minute; reading an empty table through costs nothing), read once
    /// the store's connections have closed and published their counts.</summary>
    public static async Task<string> SeqScansAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        // the store's connections publish their counts as they end
        await Coach.Tests.Shared.ScratchDatabase.OthersGoneAsync(c, TimeSpan.FromSeconds(5));
        await using var cmd = new NpgsqlCommand("""
            SELECT relname, seq_scan FROM pg_stat_user_tables
            WHERE seq_scan > 100 AND pg_relation_size(relid) > 8192 ORDER BY seq_scan DESC
            """, c);
        var text = new StringBuilder("tables of more than a page read through more than 100 times:");
        bool any = false;
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            text.Append(any ? ", " : " ").Append(r.GetString(0)).Append(' ').Append(r.GetInt64(1));
            any = true;
        }
        return any ? text.ToString() : text.Append(" none").ToString();
    }
}
