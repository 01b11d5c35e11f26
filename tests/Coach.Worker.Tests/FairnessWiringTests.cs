using Coach.Core.Fairness;

namespace Coach.Worker.Tests;

/// <summary>The worker puts every transport behind the fairness gate, with its settings validated at start.</summary>
public class FairnessWiringTests
{
    private static string TempDb() => Path.Combine(Path.GetTempPath(), "coach-fairness-" + Guid.NewGuid().ToString("N"), "coach.db");

    [Fact]
    public async Task The_console_goes_through_the_gate_too()
    {
        var stdout = new StringWriter();
        string input = string.Join("\n", Enumerable.Repeat("help", 8)) + "\n";

        int exit = await CoachApp.RunAsync(["--Fairness:Burst=5", "--Fairness:RefillEvery=00:10:00", $"--Storage:ConnectionString=Data Source={TempDb()}"],
            new StringReader(input), stdout, new StringWriter());

        Assert.Equal(0, exit);
        string output = stdout.ToString();
        Assert.Equal(1, Count(output, FairnessGate.SlowDownText));
        Assert.Equal(5, Count(output, "Your target level is")); // five help replies, then the note, then nothing
    }

    [Fact]
    public async Task A_wrong_budget_stops_start_up_naming_the_key()
    {
        var stderr = new StringWriter();
        int exit = await CoachApp.RunAsync(["--Fairness:Burst=1", $"--Storage:ConnectionString=Data Source={TempDb()}"], new StringReader(""), new StringWriter(), stderr);
        Assert.Equal(1, exit);
        Assert.Contains("Fairness:Burst", stderr.ToString(), StringComparison.Ordinal);

        stderr = new StringWriter();
        exit = await CoachApp.RunAsync(["--Fairness:RefillEvery=00:00:00", $"--Storage:ConnectionString=Data Source={TempDb()}"], new StringReader(""), new StringWriter(), stderr);
        Assert.Equal(1, exit);
        Assert.Contains("Fairness:RefillEvery", stderr.ToString(), StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
