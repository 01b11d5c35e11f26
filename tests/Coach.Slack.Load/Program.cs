// Load harness: the real Slack transport (Socket Mode, Web API client, pacing, dedupe) against the fake Slack on
// loopback. Sends envelopes at a fixed rate from the fake's socket and times each event to the chat.postMessage that
// answers it, as the fake receives it.
//
//   dotnet run -c Release --project tests/Coach.Slack.Load -- [--rate 500] [--seconds 10] [--channels 2000] [--engine echo|real]
//
// --engine echo (default) answers every event at once: the transport's own cost.
// --engine real runs the CoachEngine on a SQLite file: each event is a DM starting a practice, stored in the inbox before
// its ack and answered from the outbox as the worker does (--no-inbox: from memory, as before the inbox).
// --postgres "<connection string>" runs it on PostgreSQL instead: a database of its own, created through that connection
// (a role that may CREATE DATABASE, as `. .ci/services` exports in COACH_TEST_POSTGRES) and dropped at the end;
// statistics taken after the warm-up, and a last line naming any table read through while measuring (PgStats.cs).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Coach.Core.Conversation;
using Coach.Slack;
using Coach.Slack.Tests.Fake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

if (args.Contains("--fairness"))
{
    return await FairnessRun.RunAsync(args); // one person flooding beside people practising: see FairnessRun.cs
}
int rate = Arg("--rate", 500);
int seconds = Arg("--seconds", 10);
int channels = Arg("--channels", 2000);
int concurrency = Arg("--concurrency", 16);
int warmup = Math.Min(rate, 500);
bool real = args.Contains("real");
var dbPath = Path.Combine(Path.GetTempPath(), $"coach-slack-load-{Guid.NewGuid():N}.db");
string? postgresAdmin = ArgText("--postgres");
string? postgres = postgresAdmin is null ? null : await Coach.Tests.Shared.ScratchDatabase.CreateAsync(postgresAdmin, "coach_load_");

await using var fake = await FakeSlack.StartAsync();
fake.KeepRecords = false; // the harness reads each call as it comes (CallReceived) and needs no record of them
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Slack:BotToken"] = FakeSlack.BotToken,
    ["Slack:AppToken"] = FakeSlack.AppToken,
    ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
    ["Slack:MaxConcurrentWork"] = concurrency.ToString(CultureInfo.InvariantCulture),
}).Build();
var services = new ServiceCollection();
services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
if (real)
{
    services.AddSingleton<Coach.Core.Storage.ICoachStore>(sp => postgres is null
        ? new Coach.Storage.SqliteCoachStore($"Data Source={dbPath}", sp.GetRequiredService<ILogger<Coach.Storage.SqliteCoachStore>>())
        : new Coach.Storage.PostgresCoachStore(postgres, sp.GetRequiredService<ILogger<Coach.Storage.PostgresCoachStore>>()));
    services.AddSingleton<ICoachEngine>(sp => new CoachEngine(sp.GetRequiredService<Coach.Core.Storage.ICoachStore>(), TimeProvider.System, new CoachOptions(), sp.GetRequiredService<ILogger<CoachEngine>>()));
    if (!args.Contains("--no-inbox"))
    {
        // as the worker runs it: each event stored in the inbox before its ack, replies saved in the outbox with the turn
        services.AddSingleton(sp => (Coach.Core.Storage.IDeliveryStore)sp.GetRequiredService<Coach.Core.Storage.ICoachStore>());
    }
}
else
{
    services.AddSingleton<ICoachEngine, EchoEngine>();
}
services.AddCoachSlack(config);
await using var provider = services.BuildServiceProvider();
if (real)
{
    await provider.GetRequiredService<Coach.Core.Storage.ICoachStore>().InitializeAsync(CancellationToken.None);
}
if (args.Contains("--engine-only"))
{
    // The engine alone, no Slack: how many events a second it takes here, --concurrency at a time.
    // With the inbox (the default with --engine real) each event also goes through what the transport adds around the
    // engine: queued for the inbox as its turn starts (the turn's commit takes it along), replies saved in the outbox
    // with the turn, marked sent and handled (riding on the next event).
    var engine = provider.GetRequiredService<ICoachEngine>();
    var delivery = provider.GetService<Coach.Core.Storage.IDeliveryStore>();
    using var inbox = delivery is null ? null : new Coach.Core.Storage.InboxWriter(delivery, TimeProvider.System, provider.GetRequiredService<ILogger<EchoEngine>>());
    int n = rate * seconds;
    // warm-up first (not measured): the runtime compiles and re-compiles the hot methods in the first thousands of events
    int warmed = await Coach.Tests.Shared.WarmUp.UntilCompiledAsync(async first => { await RunAsync("warm", first, 3000); return 3000; });
    var clock = Stopwatch.StartNew();
    var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    long handOvers = ThreadPool.CompletedWorkItemCount;
    long jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
    TimeSpan jitTime = System.Runtime.JitInfo.GetCompilationTime();
    long written = BytesWritten();
    await RunAsync("cmd", warmed, n);
    written = BytesWritten() - written;
    async Task RunAsync(string prefix, int first, int count)
    {
        await Parallel.ForAsync(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var ch = "D" + (i % channels).ToString("D6", CultureInfo.InvariantCulture);
            var incoming = new Incoming(Platforms.Slack, FakeSlack.TeamId, ch, null, "U" + (i % channels).ToString(CultureInfo.InvariantCulture),
                prefix + ":" + i.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow, IncomingKind.Command,
                Text: "L7 ownership", Command: (i / channels) % 2 == 0 ? "practice" : "stop", IsDirect: true, Durable: inbox is not null, InInbox: inbox is not null);
            Coach.Core.Storage.InboxEntry entry = Coach.Slack.Delivery.SlackInbox.Entry(new Coach.Slack.Inbound.SlackWork(incoming, null, [incoming.EventId]), DateTimeOffset.UtcNow);
            string key = entry.Key;
            // as the transport does: the event queued for the inbox and its turn started at once; acknowledged once stored
            Task<bool> stored = inbox is null ? Task.FromResult(true) : inbox.QueueAsync(entry);
            var replies = await engine.HandleAsync(incoming, ct);
            if (!await stored)
            {
                throw new InvalidOperationException("the inbox refused an event");
            }
            for (int seq = 0; inbox is not null && seq < replies.Count; seq++)
            {
                inbox.Sent(key, seq);
            }
            inbox?.Handled(key);
        });
    }
    if (inbox is not null)
    {
        await inbox.StopAsync();
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine only{(inbox is null ? "" : " with inbox and outbox")}: {n} events in {clock.Elapsed.TotalSeconds:F2} s = {n / clock.Elapsed.TotalSeconds:F0} events/s"));
    // a hand-over to another thread wakes a pool thread (and leaves it spinning for a while): few per event is the aim
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMilliseconds / n:F3} ms per event; thread-pool work items {(ThreadPool.CompletedWorkItemCount - handOvers) / (double)n:F2} per event"));
    // everything the process wrote to files: the store's log (each commit writes its changed pages whole) and the
    // checkpoints that copy them into the database file
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written to files: {written / (double)n / 1024:F1} KiB per event"));
    // methods the runtime compiled (or re-compiled at a higher tier) while measuring: their time is in the CPU above
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT while measuring: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} methods, {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds / n:F3} ms per event"));
    return 0;
}
var transport = provider.GetRequiredService<SlackTransport>();
await transport.StartAsync(CancellationToken.None);
var socket = await fake.WaitForSocketAsync(1);

var sentAt = new ConcurrentDictionary<string, long>();
var measuredEnvelopes = new ConcurrentBag<string>();
var latencies = new ConcurrentBag<double>();
var replies = 0;
fake.CallReceived += call =>
{
    // The first reply posted to a channel after its event answers that event (each channel has one event in flight).
    if (call.Method == "chat.postMessage" && call.Str("channel") is { } ch && sentAt.TryRemove(ch, out var t0))
    {
        latencies.Add(Stopwatch.GetElapsedTime(t0, call.Timestamp).TotalMilliseconds);
        Interlocked.Increment(ref replies);
    }
};

async Task<int> DriveAsync(int first, int count, bool measure)
{
    // Paced by the clock without spinning (a spinning driver would take one of the machine's two cores):
    // every millisecond or so, send whatever the schedule says is due.
    var start = Stopwatch.GetTimestamp();
    for (int i = first; i < first + count; i++)
    {
        while (Stopwatch.GetElapsedTime(start).TotalSeconds * rate < i - first)
        {
            await Task.Delay(1);
        }
        var eventId = (measure ? "EvL" : "EvW") + i.ToString("D8", CultureInfo.InvariantCulture);
        // the warm-up has channels of its own, fewer, so that it goes through starting and stopping as the measured run
        // does (still few enough events a channel for Slack's pace of about one message a second in a channel)
        int person = measure ? i % channels : i % 500;
        bool starts = measure ? (i / channels) % 2 == 0 : (i / 500) % 2 == 0;
        var channel = (measure ? "D" : "D9") + person.ToString("D6", CultureInfo.InvariantCulture);
        var user = (measure ? "U" : "U9") + person.ToString(measure ? "D" : "D6", CultureInfo.InvariantCulture);
        var payload = real
            ? Payloads.SlashCommand(channel, user, starts ? "practice L7 ownership" : "stop")
            : Payloads.Message(channel, user, "an answer", fake.NextTs(), eventId: eventId);
        if (measure)
        {
            sentAt[channel] = Stopwatch.GetTimestamp();
        }
        var envelopeId = await socket.SendEnvelopeAsync(real ? "slash_commands" : "events_api", payload);
        if (measure)
        {
            measuredEnvelopes.Add(envelopeId);
        }
    }
    return count;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
int warmedUp = await Coach.Tests.Shared.WarmUp.UntilCompiledAsync(first => DriveAsync(first, warmup, measure: false));
Console.WriteLine($"warm-up: {warmedUp} events");
if (postgres is not null)
{
    // A fresh database's tables are a few pages when autovacuum first looks at them, and a lookup by key planned on
    // those statistics (a connection keeps a prepared statement's generic plan) reads the whole table, a plan kept while
    // the measured run's four times as many people fill it, until autovacuum's next look (in one run, sessions read
    // through 9,893 times in a minute). Statistics taken once the warm-up filled the tables are what a database in
    // service has.
    await PgStats.AnalyzeAsync(postgres);
}

var total = rate * seconds;
Console.WriteLine($"load: {total} events at {rate}/s over {channels} DM channels, engine {(real ? (postgres is null ? "CoachEngine + SQLite" : "CoachEngine + PostgreSQL") : "echo")}{(real && !args.Contains("--no-inbox") ? " with inbox and outbox" : "")}, {concurrency} at once");
var wall = Stopwatch.StartNew();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
long jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
TimeSpan pauseBefore = GC.GetTotalPauseDuration();
long allocatedBefore = GC.GetTotalAllocatedBytes();
await DriveAsync(0, total, measure: true);
var sendSeconds = wall.Elapsed.TotalSeconds;
var deadline = DateTime.UtcNow.AddSeconds(15);
while (Volatile.Read(ref replies) < total && DateTime.UtcNow < deadline)
{
    await Task.Delay(20);
}

var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
long allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
TimeSpan paused = GC.GetTotalPauseDuration() - pauseBefore;
int[] collections = [GC.CollectionCount(0) - gcBefore[0], GC.CollectionCount(1) - gcBefore[1], GC.CollectionCount(2) - gcBefore[2]];
var drainSeconds = wall.Elapsed.TotalSeconds;
var sorted = latencies.OrderBy(x => x).ToArray();
double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
var acks = measuredEnvelopes.Where(socket.Acks.ContainsKey).Select(k => Stopwatch.GetElapsedTime(socket.Sent[k], socket.Acks[k]).TotalMilliseconds).OrderBy(x => x).ToArray();
double A(double q) => acks.Length == 0 ? double.NaN : acks[Math.Min(acks.Length - 1, (int)Math.Ceiling(q * acks.Length) - 1)];
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"sent {total} in {sendSeconds:F2} s ({total / sendSeconds:F0}/s); replies {sorted.Length}; lost {total - sorted.Length}"));
Console.WriteLine(string.Create(inv, $"event-to-reply ms: p50 {P(0.50):F2}  p90 {P(0.90):F2}  p99 {P(0.99):F2}  max {sorted.LastOrDefault():F2}"));
Console.WriteLine(string.Create(inv, $"envelope-to-ack ms: p50 {A(0.50):F2}  p99 {A(0.99):F2}  max {acks.LastOrDefault():F2}  ({acks.Length}/{measuredEnvelopes.Count} acked; warm-up excluded)"));
Console.WriteLine(string.Create(inv, $"process CPU (worker, fake Slack and driver together): {cpuMs / total:F3} ms per event; {sorted.Length / drainSeconds:F0} replies/s from first send to last reply"));
Console.WriteLine(string.Create(inv, $"methods the runtime compiled while measuring: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore}"));
// a collection stops every thread for a moment: the replies under way then are the slow tail
Console.WriteLine(string.Create(inv, $"garbage collection while measuring: {allocated / (double)total / 1024:F1} KiB allocated per event; {collections[0]} collections ({collections[1]} of them gen1, {collections[2]} gen2), paused {paused.TotalMilliseconds:F0} ms in all"));
Console.WriteLine(string.Create(inv, $"process working set {Environment.WorkingSet / (1024 * 1024)} MB; managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB"));
await transport.StopAsync(CancellationToken.None);
if (real)
{
    (provider.GetRequiredService<Coach.Core.Storage.ICoachStore>() as IDisposable)?.Dispose();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
    {
        File.Delete(f);
    }
    if (postgres is not null)
    {
        Console.WriteLine(await PgStats.SeqScansAsync(postgres));
        await Coach.Tests.Shared.ScratchDatabase.DropAsync(postgresAdmin!, postgres);
    }
}
return sorted.Length == total ? 0 : 1;

// Bytes this process handed to write calls so far (Linux /proc/self/io "wchar"), or 0 elsewhere.
static long BytesWritten()
{
    const string io = "/proc/self/io";
    if (!File.Exists(io))
    {
        return 0;
    }
    foreach (string line in File.ReadLines(io))
    {
        if (line.StartsWith("wchar:", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
        }
    }
    return 0;
}

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Arg(string name, int fallback) =>
    int.TryParse(ArgText(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

/// <summary>Replies to every event with its id: the transport's own cost, with no coaching work in the way.</summary>
internal sealed class EchoEngine : ICoachEngine
{
    public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Outgoing>>([new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, incoming.EventId)]);
}
