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
        var sw = Stopwatch.StartNew();
        const int n = 20000;
        for (int i = 0; i < n; i++)
        {
            work();
        }
        Console.WriteLine($"{name,-12} {sw.Elapsed.TotalMicroseconds / n,8:0.0} µs");
    }
    Time("split", () => _ = all.Split(" "));
    Time("lowerall", () => _ = all.ToLowerInvariant());
    Time("tokenize", () => TextScan.Tokenize(all));
    Time("sentences", () => { int ix = 0; TextScan.Sentences(StarPart.Action, all, ref ix); });
    Time("extract", () => SignalExtractor.Extract(answer));
    Time("assess", () => Assessor.Default.Assess(answer, Level.L7));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(AssessBenchmarks).Assembly).Run(args);
