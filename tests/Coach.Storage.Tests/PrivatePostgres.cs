using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Coach.Storage.Tests;

/// <summary>A PostgreSQL cluster of the test's own (initdb into a temporary folder, a free loopback port), so a test may stop and
/// start it without touching the shared server other tests use. Run as the <c>postgres</c> OS user when the tests run as root
/// (PostgreSQL refuses to run as root), through <c>runuser</c>.</summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgres;

    private PrivatePostgres(string bin, string root, int port, bool asPostgres)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
        _asPostgres = asPostgres;
    }

    public int Port { get; }

    /// <summary>Trust authentication on loopback: the cluster lives as long as the test and listens on 127.0.0.1 only.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=coach;Database=postgres;Timeout=5;Command Timeout=10";

    /// <summary>The newest PostgreSQL server binaries under /usr/lib/postgresql, or null when none is installed.</summary>
    public static string? BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")) && File.Exists(Path.Combine(b, "postgres")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;

    public const string Missing =
        "This test starts and stops a PostgreSQL cluster of its own and needs the server binaries (initdb, pg_ctl, postgres) under " +
        "/usr/lib/postgresql/<version>/bin: install them with `apt-get install -y postgresql` (or run `. .ci/services`, which does).";

    public static async Task<PrivatePostgres> StartAsync()
    {
        string bin = BinDirectory ?? throw new InvalidOperationException(Missing);
        bool root = Environment.UserName == "root";
        string dir = Path.Combine(Path.GetTempPath(), "coach-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var cluster = new PrivatePostgres(bin, dir, FreePort(), root);
        if (root)
        {
            await RunAsync("chown", ["postgres:postgres", dir], asPostgres: false);
        }
        await cluster.PgAsync("initdb", ["-D", cluster._data, "-U", "coach", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => PgAsync("pg_ctl", ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c fsync=off", "start"]);

    /// <summary>Stops the server the way an operator's restart does: connections are ended, and it refuses new ones until started.</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await PgAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(_root, recursive: true);
    }

    private Task PgAsync(string tool, IReadOnlyList<string> args) => RunAsync(Path.Combine(_bin, tool), args, _asPostgres);

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (string a in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {p.ExitCode}: {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs PostgreSQL's server binaries (not a running server): skipped with a note outside CI when they are
/// missing, run (and failing, saying how to install them) in CI (<c>CI=true</c>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    public PrivatePostgresFactAttribute()
    {
        if (PrivatePostgres.BinDirectory is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "PostgreSQL server binaries not found under /usr/lib/postgresql: skipped outside CI (in CI it is required). " + PrivatePostgres.Missing;
        }
    }
}
