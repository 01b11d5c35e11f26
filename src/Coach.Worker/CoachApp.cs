using Coach.Worker.Cli;

namespace Coach.Worker;

/// <summary>The verbs of the <c>coach</c> executable. With no verb it runs the worker.</summary>
public static class CoachApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "assess")
        {
            return AssessCommand.Run(args[1..], System.Console.In, System.Console.Out, System.Console.Error);
        }
        await Task.CompletedTask;
        return 0;
    }
}
