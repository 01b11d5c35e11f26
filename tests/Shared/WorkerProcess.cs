using System.Diagnostics;

namespace Coach.Tests.Shared;

/// <summary>
/// The built worker (<c>coach.dll</c>, copied next to the tests) run as a child process with its settings in the environment,
/// for tests that kill it with SIGKILL at the worst moment: no shutdown, no flush, as a crashed or evicted worker.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private WorkerProcess(Process process) => _process = process;

    /// <summary>What the worker wrote (standard output and error), for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts a worker in <paramref name="workingDirectory"/>. Each platform's token is removed from the inherited
    /// environment, so only the platforms <paramref name="settings"/> name start; a null value removes a setting.</summary>
    public static WorkerProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "coach.dll")])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string token in (string[])["Discord__Token", "Slack__BotToken", "Slack__AppToken"])
        {
            psi.Environment.Remove(token);
        }
        foreach (var (name, value) in settings)
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }
        var worker = new WorkerProcess(Process.Start(psi)!);
        worker._process.OutputDataReceived += (_, e) => worker.Note(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Note(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    private void Note(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Count < 2000)
            {
                _output.Add(line);
            }
        }
    }

    /// <summary>SIGKILL: the worker ends at once, whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
