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
