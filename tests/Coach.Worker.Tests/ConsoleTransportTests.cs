using System.Diagnostics;
using System.Text;

namespace Coach.Worker.Tests;

public class ConsoleTransportTests
{
    internal static string TempDb() => Path.Combine(Path.GetTempPath(), "coach-console-" + Guid.NewGuid().ToString("N"), "coach.db");

    internal static async Task<(int Exit, string Out, string Err)> RunInProcessAsync(string db, string input, params string[] settings)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CoachApp.RunAsync([$"--Storage:ConnectionString=Data Source={db}", "--Console:User=ada", .. settings], new StringReader(input), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_whole_practice_runs_through_piped_stdin()
    {
        string db = TempDb();
        string input = string.Join("\n",
            "practice L7 ownership",
            EngineTests.Situation,
            "",
            EngineTests.Task,
            "",
            // a part written over two lines, ended by the blank line
            EngineTests.Action[..80],
            EngineTests.Action[80..],
            "",
            EngineTests.Result,
            "",
            "stories",
            "");
        var (exit, output, _) = await RunInProcessAsync(db, input);
        Assert.Equal(0, exit);
        int question = output.IndexOf("Ownership · L7 practice", StringComparison.Ordinal);
        int task = output.IndexOf("Part 2 of 4: Task", StringComparison.Ordinal);
        int action = output.IndexOf("Part 3 of 4: Action", StringComparison.Ordinal);
        int result = output.IndexOf("Part 4 of 4: Result", StringComparison.Ordinal);
        int feedback = output.IndexOf("Reads as L7: on target for L7", StringComparison.Ordinal);
        Assert.True(question >= 0 && question < task && task < action && action < result && result < feedback, output);
        Assert.Contains("Impact: L7 — $45M of impact a year.", output, StringComparison.Ordinal);
        Assert.Contains("Situation │", output, StringComparison.Ordinal);
        Assert.Contains("A bar raiser would follow up", output, StringComparison.Ordinal);
        Assert.Contains("Your story bank: 1 story", output, StringComparison.Ordinal);
        // the story's own number, the one `stories show N` takes, is not numbered again
        Assert.Matches(@"\n  1\. \d{4}-\d{2}-\d{2} · Ownership · L7", output);
        Assert.DoesNotContain("1. 1.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_in_the_console_takes_the_pasted_answer_after_the_command()
    {
        string db = TempDb();
        string input = $"level L7\nreview\nSituation: {EngineTests.Situation}\nTask: {EngineTests.Task}\nAction: {EngineTests.Action}\nResult: {EngineTests.Result}\n\n";
        var (_, output, _) = await RunInProcessAsync(db, input);
        Assert.Contains("Paste your whole answer next, with Situation: / Task: / Action: / Result: headings", output, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "Paste")); // said once
        Assert.DoesNotMatch(@"\b[Ff]orm\b", output); // no form in a terminal
        Assert.Contains("Reads as L7: on target for L7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_setting_stops_start_up_naming_the_key()
    {
        var stderr = new StringWriter();
        int exit = await CoachApp.RunAsync(["--Coach:SessionTimeout=00:00:01", $"--Storage:ConnectionString=Data Source={TempDb()}"], new StringReader(""), new StringWriter(), stderr);
        Assert.Equal(1, exit);
        Assert.Contains("Coach:SessionTimeout", stderr.ToString(), StringComparison.Ordinal);

        stderr = new StringWriter();
        exit = await CoachApp.RunAsync(["--Coach:SesionTimeout=01:00:00", $"--Storage:ConnectionString=Data Source={TempDb()}"], new StringReader(""), new StringWriter(), stderr);
        Assert.Equal(1, exit);
        Assert.Contains("SesionTimeout", stderr.ToString(), StringComparison.Ordinal);

        stderr = new StringWriter();
        exit = await CoachApp.RunAsync(["--Storage:Provider=mysql"], new StringReader(""), new StringWriter(), stderr);
        Assert.Equal(1, exit);
        Assert.Contains("Storage:Provider", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_process_between_parts_loses_nothing_and_the_session_continues()
    {
        string db = TempDb();
        using (Process first = StartWorker(db))
        {
            await first.StandardInput.WriteLineAsync("practice L6 ownership");
            await first.StandardInput.WriteLineAsync(EngineTests.Situation);
            await first.StandardInput.WriteLineAsync();
            await first.StandardInput.FlushAsync();
            await WaitForAsync(first, "Part 2 of 4: Task");
            first.Kill(entireProcessTree: true); // no graceful shutdown
            await first.WaitForExitAsync();
        }
        using Process second = StartWorker(db);
        // before anything is typed, the restarted console says which practice is waiting and for which part
        string greeting = await WaitForAsync(second, "to end the practice");
        Assert.Contains("Welcome back. Your Ownership · L6 practice is in progress: “", greeting, StringComparison.Ordinal);
        Assert.Contains("I'm waiting for your Task (part 2 of 4)", greeting, StringComparison.Ordinal);
        await second.StandardInput.WriteLineAsync(EngineTests.Task);
        await second.StandardInput.WriteLineAsync();
        await second.StandardInput.FlushAsync();
        string seen = await WaitForAsync(second, "Part 3 of 4: Action");
        Assert.Contains("Got your Task.", seen, StringComparison.Ordinal);
        await second.StandardInput.WriteLineAsync(EngineTests.Action);
        await second.StandardInput.WriteLineAsync();
        await second.StandardInput.WriteLineAsync(EngineTests.Result);
        await second.StandardInput.WriteLineAsync();
        await second.StandardInput.FlushAsync();
        seen = await WaitForAsync(second, "What would move it most");
        // the Situation typed before the kill is in the assessment
        Assert.Contains("$40M at stake", seen, StringComparison.Ordinal);
        second.StandardInput.Close();
        await second.WaitForExitAsync();
    }

    internal static Process StartWorker(string db)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "coach.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, $"--Storage:ConnectionString=Data Source={db}", "--Console:User=ada"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        var p = Process.Start(psi)!;
        var buffer = new StringBuilder();
        Outputs[p.Id] = buffer;
        p.OutputDataReceived += (_, e) =>
        {
            lock (buffer)
            {
                buffer.AppendLine(e.Data);
            }
        };
        p.BeginOutputReadLine();
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, StringBuilder> Outputs = new();

    internal static async Task<string> WaitForAsync(Process p, string text)
    {
        StringBuilder buffer = Outputs[p.Id];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            lock (buffer)
            {
                string s = buffer.ToString();
                if (s.Contains(text, StringComparison.Ordinal))
                {
                    return s;
                }
            }
            if (p.HasExited)
            {
                break;
            }
            await Task.Delay(50);
        }
        lock (buffer)
        {
            throw new TimeoutException($"'{text}' never appeared. Output so far:\n{buffer}");
        }
    }
}
