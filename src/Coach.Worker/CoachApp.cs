using Coach.Worker.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coach.Worker;

/// <summary>The verbs of the <c>coach</c> executable. With no verb it runs the worker.</summary>
public static class CoachApp
{
    public static async Task<int> RunAsync(string[] args, TextReader? stdin = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        stdin ??= System.Console.In;
        stdout ??= System.Console.Out;
        stderr ??= System.Console.Error;
        if (args.Length > 0 && args[0] == "assess")
        {
            return AssessCommand.Run(args[1..], stdin, stdout, stderr);
        }
        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine("""
                usage: coach                      run the worker (console chat when no Discord or Slack token is configured)
                       coach assess --target L6|L7 [--principle NAME] [--json] FILE|-
                """);
            return 0;
        }
        try
        {
            using IHost host = CoachHost.Build(args, stdin, stdout);
            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (OptionsValidationException ex)
        {
            foreach (string failure in ex.Failures)
            {
                stderr.WriteLine($"coach: configuration error: {failure}");
            }
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine($"coach: configuration error: {ex.Message}");
            return 1;
        }
    }
}
