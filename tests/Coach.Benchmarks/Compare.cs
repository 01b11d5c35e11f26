using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace Coach.Benchmarks;

/// <summary>
/// Two builds of Coach.Core side by side in one process: batches of the 400-word assessment alternate between them and
/// each pair gives a ratio. On a shared machine the noise moves both builds of a pair alike, so the median ratio holds
/// still where two separate runs differ by a third.
/// </summary>
/// <remarks>
/// <c>dotnet Coach.Benchmarks.dll --compare OLD_DIR NEW_DIR [seconds]</c>, each folder holding a Release build of
/// Coach.Core.dll and its dependencies (a build's <c>bin/Release/net10.0</c>).
/// </remarks>
internal static class Compare
{
    public static void Run(string oldDirectory, string newDirectory, int seconds)
    {
        Func<object> before = Load(oldDirectory), after = Load(newDirectory);
        for (int i = 0; i < 4000; i++)
        {
            before();
            after();
        }
        const int batch = 40;
        var olds = new List<double>();
        var news = new List<double>();
        var ratios = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            double a = Time(before, batch), b = Time(after, batch);
            olds.Add(a);
            news.Add(b);
            ratios.Add(b / a);
        }
        olds.Sort();
        news.Sort();
        ratios.Sort();
        Console.WriteLine($"old: median {olds[olds.Count / 2]:0.0} µs, min {olds[0]:0.0} µs");
        Console.WriteLine($"new: median {news[news.Count / 2]:0.0} µs, min {news[0]:0.0} µs");
        Console.WriteLine($"new / old: median {ratios[ratios.Count / 2]:0.000} (quartiles {ratios[ratios.Count / 4]:0.000}-{ratios[3 * ratios.Count / 4]:0.000}) over {ratios.Count} pairs of {batch}");
    }

    private static double Time(Func<object> assess, int n)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            assess();
        }
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / n;
    }

    /// <summary>Loads one build in a context of its own and returns a call of its Assessor on the 400-word answer.</summary>
    private static Func<object> Load(string directory)
    {
        directory = Path.GetFullPath(directory);
        var context = new AssemblyLoadContext(directory);
        context.Resolving += (c, name) =>
            Path.Combine(directory, name.Name + ".dll") is var path && File.Exists(path) ? c.LoadFromAssemblyPath(path) : null;
        Assembly core = context.LoadFromAssemblyPath(Path.Combine(directory, "Coach.Core.dll"));
        Type answerType = core.GetType("Coach.Core.Rubric.StarAnswer", throwOnError: true)!;
        Type levelType = core.GetType("Coach.Core.Rubric.Level", throwOnError: true)!;
        Type assessorType = core.GetType("Coach.Core.Rubric.Assessor", throwOnError: true)!;
        var text = AssessBenchmarks.FourHundredWords();
        object answer = Activator.CreateInstance(answerType, text.Situation, text.Task, text.Action, text.Result)!;
        object assessor = assessorType.GetProperty("Default")!.GetValue(null)!;
        MethodInfo assess = assessorType.GetMethod("Assess")!;
        object?[] arguments = [answer, Enum.Parse(levelType, "L7"), null];
        return () => assess.Invoke(assessor, arguments)!;
    }
}
