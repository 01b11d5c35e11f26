using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Coach.Core.Conversation;
using Coach.Core.Fairness;
using Coach.Core.Storage;
using Coach.Slack;
using Coach.Slack.Tests.Fake;
using Coach.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// One person flooding beside people practising normally: the real Slack transport, the fairness gate, the store guard and
/// CoachEngine on SQLite, against the fake Slack, which here enforces chat.postMessage's per-channel limit (more than
/// <c>--channel-limit</c> posts to one channel within 2 s is a 429).
/// <code>dotnet run -c Release --project tests/Coach.Slack.Load -- --fairness [--people 50] [--seconds 100] [--flood-rate 100] [--think-ms 3000] [--gate on|off]</code>
/// Each of the people sends the parts of a practice (practice, Situation, Task, Action, Result, stop, again), waits for
/// the first reply, thinks for about <c>--think-ms</c>, and sends the next. The flooder sends <c>--flood-rate</c>
/// messages a second in its DM for the whole run (0: no flooder).
/// </summary>
internal static class FairnessRun
{
    private const string FloodChannel = "DFLOOD";
    private static readonly string[] Script =
    [
        "practice L6 ownership",
        "Our payment processor failed during peak traffic, affecting $1.2M in daily transactions for our checkout service.",
        "Restore service and build automatic failover so it could not happen again this quarter.",
        "I coordinated 12 engineers across 4 teams, ran the incident bridge, implemented manual failover, and led the post-mortem with our product manager.",
        "Service was restored in 47 minutes, limiting loss to $280K, and automatic failover cut MTTR by 73%. I learned to rehearse failover every quarter.",
        "stop",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        int people = Arg(args, "--people", 50);
        int seconds = Arg(args, "--seconds", 100);
        int floodRate = Arg(args, "--flood-rate", 100);
        int thinkMs = Arg(args, "--think-ms", 3000);
        int channelLimit = Arg(args, "--channel-limit", 3);
        bool gate = !(args.Contains("--gate") && args[Array.IndexOf(args, "--gate") + 1] == "off");
        var warmup = TimeSpan.FromSeconds(5);
        var inv = CultureInfo.InvariantCulture;
        var dbPath = Path.Combine(Path.GetTempPath(), $"coach-fairness-load-{Guid.NewGuid():N}.db");

        await using var fake = await FakeSlack.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = FakeSlack.BotToken,
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Error));
        services.AddSingleton<ICoachStore>(sp => new SqliteCoachStore($"Data Source={dbPath}", sp.GetRequiredService<ILogger<SqliteCoachStore>>()));
        // the worker's own wiring (CoachHost.AddCoachCore): the gate, then the store guard, then the engine
        var fairness = new FairnessOptions { Enabled = gate };
        TimeSpan window = fairness.Window; // the gate's own window: at most one note in it
        services.AddSingleton<ICoachEngine>(sp => new FairnessGate(
            new StoreOutageGuard(
                new CoachEngine(sp.GetRequiredService<ICoachStore>(), TimeProvider.System, new CoachOptions(), sp.GetRequiredService<ILogger<CoachEngine>>()),
                new StoreFaults(), TimeProvider.System, sp.GetRequiredService<ILogger<StoreOutageGuard>>()),
            fairness, TimeProvider.System, sp.GetRequiredService<ILogger<FairnessGate>>()));
        services.AddCoachSlack(config);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ICoachStore>().InitializeAsync(CancellationToken.None);

        // chat.postMessage: Slack allows about one a second per channel with short bursts; more is a 429
        var recentPosts = new ConcurrentDictionary<string, Queue<long>>();
        long tooMany = 0;
        fake.Respond = call =>
        {
            if (call.Method != "chat.postMessage" || call.Str("channel") is not { } ch)
            {
                return null;
            }
            Queue<long> posts = recentPosts.GetOrAdd(ch, _ => new Queue<long>());
            lock (posts)
            {
                while (posts.Count > 0 && Stopwatch.GetElapsedTime(posts.Peek(), call.Timestamp) > TimeSpan.FromSeconds(2))
                {
                    posts.Dequeue();
                }
                if (posts.Count >= channelLimit)
                {
                    Interlocked.Increment(ref tooMany);
                    return FakeResponse.RateLimited(1);
                }
                posts.Enqueue(call.Timestamp);
                return null;
            }
        };

        var clock = new Stopwatch();
        long runStart = 0;
        var pending = new ConcurrentDictionary<string, (long SentAt, TaskCompletionSource<long> Reply)>();
        var floodNotes = new ConcurrentBag<double>();
        var floodAnswers = new ConcurrentBag<double>();
        fake.CallReceived += call =>
        {
            if (call.Method != "chat.postMessage" || call.Str("channel") is not { } ch)
            {
                return;
            }
            if (ch == FloodChannel)
            {
                bool note = call.Str("text")?.Contains("faster than I can take them in", StringComparison.Ordinal) == true;
                (note ? floodNotes : floodAnswers).Add(Stopwatch.GetElapsedTime(Volatile.Read(ref runStart), call.Timestamp).TotalSeconds);
            }
            else if (pending.TryRemove(ch, out var p))
            {
                p.Reply.TrySetResult(call.Timestamp);
            }
        };

        var transport = provider.GetRequiredService<SlackTransport>();
        await transport.StartAsync(CancellationToken.None);
        var socket = await fake.WaitForSocketAsync(1);
        long tsCounter = 0;
        string Ts()
        {
            long ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long n = Interlocked.Increment(ref tsCounter) % 1000;
            return string.Create(inv, $"{ms / 1000}.{(ms % 1000 * 1000) + n:D6}");
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
        Console.WriteLine($"{people} people practising (about one message each {thinkMs} ms after the last reply) for {seconds} s; " +
            (floodRate > 0 ? $"one person flooding at {floodRate} messages/s" : "no flooder") +
            $"; fairness gate {(gate ? $"on (burst {fairness.Burst}, one more every {fairness.RefillEvery.TotalSeconds:0.##} s)" : "off")}; fake Slack: more than {channelLimit} posts to a channel within 2 s is a 429");
        Volatile.Write(ref runStart, Stopwatch.GetTimestamp());
        clock.Start();
        var end = TimeSpan.FromSeconds(seconds);
        var latencies = new ConcurrentBag<double>();
        int noReply = 0, floodSent = 0;

        async Task PersonAsync(int n)
        {
            string channel = "D" + n.ToString("D5", inv), user = "U" + n.ToString("D5", inv);
            var random = new Random(n);
            await Task.Delay(random.Next(thinkMs)); // start spread out
            for (int step = 0; clock.Elapsed < end; step++)
            {
                var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                long sentAt = Stopwatch.GetTimestamp();
                pending[channel] = (sentAt, tcs);
                bool measured = clock.Elapsed > warmup;
                await socket.SendEnvelopeAsync("events_api", Payloads.Message(channel, user, Script[step % Script.Length], Ts()));
                if (await Task.WhenAny(tcs.Task, Task.Delay(TimeSpan.FromSeconds(15))) == tcs.Task)
                {
                    if (measured)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(sentAt, tcs.Task.Result).TotalMilliseconds);
                    }
                }
                else
                {
                    pending.TryRemove(channel, out _);
                    Interlocked.Increment(ref noReply);
                }
                await Task.Delay(thinkMs / 2 + random.Next(thinkMs));
            }
        }

        async Task FloodAsync()
        {
            var start = Stopwatch.GetTimestamp();
            for (int i = 0; clock.Elapsed < end; i++)
            {
                while (Stopwatch.GetElapsedTime(start).TotalSeconds * floodRate < i)
                {
                    await Task.Delay(1);
                }
                await socket.SendEnvelopeAsync("events_api", Payloads.Message(FloodChannel, "UFLOOD", $"hello? ({i})", Ts()));
                floodSent++;
            }
        }

        var tasks = Enumerable.Range(0, people).Select(PersonAsync).ToList();
        if (floodRate > 0)
        {
            tasks.Add(FloodAsync());
        }
        await Task.WhenAll(tasks);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the flooder's last paced replies

        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(inv, $"others: {sorted.Length} replies timed (first {warmup.TotalSeconds:0} s not counted), {noReply} without a reply in 15 s; reply time p50 {P(0.50):F2} ms, p90 {P(0.90):F2} ms, p99 {P(0.99):F2} ms, max {sorted.LastOrDefault():F2} ms"));
        if (floodRate > 0)
        {
            Console.WriteLine($"flooder: {floodSent} messages sent; per {window.TotalSeconds:0} s window (the time the budget takes to refill; by when the fake got the post):");
            for (double w = 0; w < seconds + 3; w += window.TotalSeconds)
            {
                int notes = floodNotes.Count(t => t >= w && t < w + window.TotalSeconds);
                int answers = floodAnswers.Count(t => t >= w && t < w + window.TotalSeconds);
                Console.WriteLine(string.Create(inv, $"  {w,3:0}-{w + window.TotalSeconds,3:0} s: {notes} slow-down note(s), {answers} other replies"));
            }
            Console.WriteLine($"flooder totals: {floodNotes.Count} slow-down notes, {floodAnswers.Count} other replies");
        }
        Console.WriteLine($"429s from the fake: {Interlocked.Read(ref tooMany)}");
        await transport.StopAsync(CancellationToken.None);
        (provider.GetRequiredService<ICoachStore>() as IDisposable)?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
        {
            File.Delete(f);
        }
        return 0;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
