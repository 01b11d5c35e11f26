using System.Diagnostics;
using BenchmarkDotNet.Running;
using Coach.Benchmarks;
using Coach.Core.Rubric;

if (args.Length > 0 && args[0] == "--spin")
{
    // runs assessments for a while, for a profiler to sample (dotnet-trace collect -- dotnet ... --spin)
    StarAnswer spinAnswer = AssessBenchmarks.FourHundredWords();
    var until = Stopwatch.StartNew();
    while (until.Elapsed < TimeSpan.FromSeconds(8))
    {
        Assessor.Default.Assess(spinAnswer, Level.L7);
    }
    return;
}
if (args.Length >= 3 && args[0] == "--compare")
{
    Compare.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}
if (args.Length > 0 && args[0] == "--stages")
{
    // a quick look at where an assessment spends its time (BenchmarkDotNet gives the real figures)
    StarAnswer answer = AssessBenchmarks.FourHundredWords();
    string all = answer.Situation + " " + answer.Task + " " + answer.Action + " " + answer.Result;
    void Time(string name, Action work)
    {
        for (int i = 0; i < 2000; i++)
        {
            work();
        }
        // nine rounds; the median round is printed (the machine is shared, single rounds are noisy)
        const int rounds = 9, n = 3000;
        var micros = new double[rounds];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                work();
            }
            micros[r] = sw.Elapsed.TotalMicroseconds / n;
        }
        double kb = (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / (rounds * n);
        Array.Sort(micros);
        Console.WriteLine($"{name,-12} {micros[rounds / 2],8:0.0} µs (min {micros[0]:0.0}) {kb,8:0.0} KB");
    }
    Time("split", () => _ = all.Split(" "));
    Time("lowerall", () => _ = all.ToLowerInvariant());
    Time("tokenize", () => TextScan.Tokenize(all));
    Time("tok-raw", () => TextScan.TokenizeRaw(all));
    Time("sentences", () => { int ix = 0; TextScan.Sentences(StarPart.Action, all, ref ix); });
    var sentences = new List<Sentence>();
    int sx = 0;
    foreach (StarPart p in StarParts.All)
    {
        sentences.AddRange(TextScan.Sentences(p, answer[p], ref sx));
    }
    Time("lexicon", () => { foreach (Sentence s in sentences) { Lexicon.Match(s.Tokens); } });
    Time("per-sent", () => { var o = new List<Signal>(64); foreach (Sentence s in sentences) { SignalExtractor.ExtractSentence(s, o); } });
    Time("extract", () => SignalExtractor.Extract(answer));
    Time("assess", () => Assessor.Default.Assess(answer, Level.L7));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(AssessBenchmarks).Assembly).Run(args);
