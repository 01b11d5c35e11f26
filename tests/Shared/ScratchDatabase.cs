using Npgsql;

namespace Coach.Tests.Shared;

/// <summary>A PostgreSQL database of its own, created and dropped through an admin connection: for a test class
/// (<c>PostgresDatabase</c>) or a load-harness run, so neither sees another's rows.</summary>
internal static class ScratchDatabase
{
    /// <summary>Creates a database named <paramref name="prefix"/> and a random suffix; returns the connection string that
    /// names it, with the admin connection's server and credentials.</summary>
    public static async Task<string> CreateAsync(string admin, string prefix)
    {
        string name = prefix + Guid.NewGuid().ToString("N")[..16];
        await using (NpgsqlConnection c = await OpenAdminAsync(admin))
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database <paramref name="connectionString"/> names, closing whatever is still connected to it.</summary>
    public static async Task DropAsync(string admin, string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using NpgsqlConnection c = await OpenAdminAsync(admin);
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Waits, asking every 100 ms, until no connection but <paramref name="c"/> is open to its database: a
    /// connection publishes its statistics (the counts in <c>pg_stat_user_tables</c>) as it ends. False when some are
    /// still open after <paramref name="within"/>.</summary>
    public static async Task<bool> OthersGoneAsync(NpgsqlConnection c, TimeSpan within)
    {
        DateTime deadline = DateTime.UtcNow + within;
        await using var ask = new NpgsqlCommand(
            "SELECT COUNT(*) = 0 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", c);
        while (!(bool)(await ask.ExecuteScalarAsync())!)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>Connects to the given database, or to <c>postgres</c> when the given one does not exist.</summary>
    private static async Task<NpgsqlConnection> OpenAdminAsync(string admin)
    {
        var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
        try
        {
            await c.OpenAsync();
            return c;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await c.DisposeAsync();
            var fallback = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false, Database = "postgres" }.ConnectionString);
            await fallback.OpenAsync();
            return fallback;
        }
    }
}
