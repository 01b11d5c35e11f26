using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Coach.Core.Conversation;
using Coach.Discord;
using Coach.Discord.Tests.Fake;
using Coach.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// Drives the real Discord transport against the fake Discord on loopback: DMs from many people at a fixed rate,
// each answered by the engine; reports event-received-to-reply-sent latency and memory.
// Usage: dotnet run -c Release --project tests/Coach.Discord.Load -- [rate=500] [seconds=20] [people=10000] [engine=real|stub]
//   [lanes=4] [delivery=direct|outbox]
// With the real engine (CoachEngine + SQLite in a temporary file) each person's first DM is "practice L6 ownership"
// (a session opens) and later ones answer the Situation; the stub keeps a small session per person in memory. With
// "outbox" (real engine only) the store is also the transport's inbox and outbox, as in the worker: replies are saved
// with the turn and marked sent.
int rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
int people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
bool realEngine = (args.Length > 3 ? args[3] : "real") == "real";
int total = rate * seconds;
var dbPath = Path.Combine(Path.GetTempPath(), $"coach-discord-load-{Guid.NewGuid():N}.db");

await using var fake = await FakeDiscord.StartAsync();
fake.Record = false;
fake.HistoryLimit = 2_000;
long replies = 0;
var repliedChannels = new ConcurrentDictionary<string, int>();
fake.MessagePosted = (channel, _) =>
{
    Interlocked.Increment(ref replies);
    repliedChannels.AddOrUpdate(channel, 1, (_, n) => n + 1);
};

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Discord:Token"] = FakeDiscord.Token,
    ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
    ["Discord:ApiBaseUrl"] = fake.ApiBase,
    ["Discord:RegisterCommandsOnStart"] = "false",
    // The fake has no global limit; the real 50 requests/s would pace replies, not measure Coach.
    ["Discord:GlobalRequestsPerSecond"] = "0",
}).Build();
var services = new ServiceCollection();
services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
var stub = new LoadEngine();
SqliteCoachStore? store = null;
if (realEngine)
{
    store = new SqliteCoachStore("Data Source=" + dbPath, NullLogger<SqliteCoachStore>.Instance);
    await store.InitializeAsync();
    services.AddSingleton<ICoachEngine>(new TimedEngine(new CoachEngine(store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance)));
}
else
{
    services.AddSingleton<ICoachEngine>(new TimedEngine(stub));
}
int lanes = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : new DiscordOptions().EventLanes;
bool outbox = realEngine && (args.Length > 5 ? args[5] : "direct") == "outbox";
if (outbox)
{
    services.AddSingleton<Coach.Core.Storage.IDeliveryStore>(store!);
}
services.Configure<DiscordOptions>(o => o.EventLanes = lanes);
services.AddCoachDiscord(config);
await using var provider = services.BuildServiceProvider();
var transport = provider.GetRequiredService<DiscordTransport>();
var latencies = new double[total + 1000];
var ownTimes = new double[total + 1000];
int latencyCount = 0;
transport.ReplySent = (_, elapsed, rest) =>
{
    int i = Interlocked.Increment(ref latencyCount) - 1;
    if (i < latencies.Length)
    {
        latencies[i] = elapsed.TotalMilliseconds;
        ownTimes[i] = (elapsed - rest).TotalMilliseconds;
    }
};
await transport.StartAsync(CancellationToken.None);
await FakeDiscord.WaitUntilAsync(() => fake.IsConnected && transport.Current.State == TransportState.Connected, TimeSpan.FromSeconds(10), "READY");

// warm-up, not counted: rounds of 200 DMs until the runtime has finished compiling (and the connection pools are open)
int warmed = await Coach.Tests.Shared.WarmUp.UntilCompiledAsync(async first =>
{
    for (int i = first; i < first + 200; i++)
    {
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("79" + i.ToString("D16", CultureInfo.InvariantCulture), "69" + i.ToString("D16", CultureInfo.InvariantCulture), "warm up", guildId: null));
    }
    await FakeDiscord.WaitUntilAsync(() => Volatile.Read(ref latencyCount) >= first + 200, TimeSpan.FromSeconds(30), "warm-up");
    return 200;
});
Console.WriteLine($"warm-up: {warmed} events");
Interlocked.Exchange(ref latencyCount, 0);
Interlocked.Exchange(ref replies, 0);
repliedChannels.Clear();
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
long memoryBefore = GC.GetTotalMemory(true);

Console.WriteLine($"Sending {total} DMs from {people} people at {rate}/s over {seconds} s to the {(realEngine ? "real engine with SQLite" : "stub engine")}{(outbox ? ", replies through the outbox" : "")}...");
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var sw = Stopwatch.StartNew();
var tick = TimeSpan.FromMilliseconds(10);
int perTick = Math.Max(1, rate / 100);
int sent = 0;
using (var timer = new PeriodicTimer(tick))
{
    while (sent < total)
    {
        // catch up to the schedule so the rate holds even when a tick is late
        long due = Math.Min(total, (long)(sw.Elapsed.TotalSeconds * rate) + perTick);
        while (sent < due)
        {
            int person = sent % people;
            var user = "6" + person.ToString("D17", CultureInfo.InvariantCulture);
            var dm = "7" + person.ToString("D17", CultureInfo.InvariantCulture);
            var text = realEngine && sent < people
                ? "practice L6 ownership"
                : $"In 2023 our checkout service for 4 million customers failed weekly, putting $2M a year at risk ({sent}).";
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(dm, user, text, guildId: null));
            sent++;
        }
        await timer.WaitForNextTickAsync();
    }
}
var sendTime = sw.Elapsed;
await FakeDiscord.WaitUntilAsync(() => Volatile.Read(ref latencyCount) >= total, TimeSpan.FromSeconds(60), "all replies");
var drainTime = sw.Elapsed;
var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
await Task.Delay(500);

long memoryAfter = GC.GetTotalMemory(false);
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
long memoryRetained = GC.GetTotalMemory(true);
var process = Process.GetCurrentProcess();

var sorted = latencies.Take(Math.Min(latencyCount, latencies.Length)).Order().ToArray();
var own = ownTimes.Take(Math.Min(latencyCount, ownTimes.Length)).Order().ToArray();
double P(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
double O(double q) => own[Math.Clamp((int)Math.Ceiling(q * own.Length) - 1, 0, own.Length - 1)];
int duplicates = repliedChannels.Values.Sum(n => n) - total;
Console.WriteLine($"events sent:            {total} in {sendTime.TotalSeconds:0.0} s ({total / sendTime.TotalSeconds:0} /s)");
Console.WriteLine($"replies sent:           {Interlocked.Read(ref replies)} (all done at {drainTime.TotalSeconds:0.0} s)");
if (!realEngine)
{
    Console.WriteLine($"people with a session:  {stub.Sessions}");
}
Console.WriteLine($"events with no reply:   {total - Math.Min(total, latencyCount)}" + (realEngine ? "" : $"; extra replies {Math.Max(0, duplicates)}"));
Console.WriteLine($"received -> reply sent: p50 {P(0.50):0.00} ms, p90 {P(0.90):0.00} ms, p99 {P(0.99):0.00} ms, max {sorted[^1]:0.00} ms");
Console.WriteLine($"  of which Coach's own:  p50 {O(0.50):0.00} ms, p90 {O(0.90):0.00} ms, p99 {O(0.99):0.00} ms, max {own[^1]:0.00} ms (the rest is the HTTP round trip to the fake)");
var engineTimes = TimedEngine.Times.Skip(warmed).Order().ToArray();
double E(double q) => engineTimes.Length == 0 ? 0 : engineTimes[Math.Clamp((int)Math.Ceiling(q * engineTimes.Length) - 1, 0, engineTimes.Length - 1)];
Console.WriteLine($"  engine + store calls:  p50 {E(0.50):0.00} ms, p90 {E(0.90):0.00} ms, p99 {E(0.99):0.00} ms ({lanes} event lanes)");
Console.WriteLine($"CPU per event:          {cpuUsed.TotalMilliseconds / total:0.00} ms (the whole process, the in-process fake Discord included)");
Console.WriteLine($"managed heap:           before {memoryBefore / 1048576.0:0.0} MiB, after load {memoryAfter / 1048576.0:0.0} MiB, retained after GC {memoryRetained / 1048576.0:0.0} MiB (+{(memoryRetained - memoryBefore) / 1048576.0:0.0} MiB)");
Console.WriteLine($"process working set:    {process.WorkingSet64 / 1048576.0:0.0} MiB (includes the in-process fake Discord and Kestrel)");

await transport.StopAsync(CancellationToken.None);
store?.Dispose();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
{
    File.Delete(f);
}

/// <summary>Times each engine call (engine and store together).</summary>
internal sealed class TimedEngine(ICoachEngine inner) : ICoachEngine
{
    public static ConcurrentQueue<double> Times { get; } = new();

    public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var result = await inner.HandleAsync(incoming, cancellationToken);
        Times.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }
}

/// <summary>A stand-in engine with one small open session per person, answering every message.</summary>
internal sealed class LoadEngine : ICoachEngine
{
    private readonly ConcurrentDictionary<PersonKey, List<string>> _sessions = new();
    public int Sessions => _sessions.Count;

    public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        var answers = _sessions.GetOrAdd(incoming.Person, _ => []);
        lock (answers)
        {
            answers.Add(incoming.Text ?? "");
            if (answers.Count > 4)
            {
                answers.RemoveAt(0);
            }
        }
        IReadOnlyList<Outgoing> reply = [new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, "Thanks. Now the Task: what was yours to do?")];
        return Task.FromResult(reply);
    }
}
