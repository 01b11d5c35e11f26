using Coach.Discord;
using Coach.Worker.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coach.Worker;

/// <summary>The verbs of the <c>coach</c> executable. With no verb it runs the worker.</summary>
public static class CoachApp
{
    /// <summary><c>coach discord register</c>: PUTs the /coach command set now (global, or in Discord:GuildId).</summary>
    private static async Task<int> RegisterDiscordAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("config/appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        if (string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]))
        {
            stderr.WriteLine("coach: configuration error: Discord:Token is not set (Discord__Token).");
            return 1;
        }
        builder.Services.AddCoachDiscord(builder.Configuration);
        using IHost host = builder.Build();
        try
        {
            bool changed = await host.Services.GetRequiredService<DiscordCommandRegistrar>().RegisterAsync(force: true);
            stdout.WriteLine(changed ? "Registered the /coach commands." : "The /coach commands were already up to date.");
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or HttpRequestException)
        {
            stderr.WriteLine($"coach: {ex.Message}");
            return 1;
        }
    }

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
        if (args.Length > 1 && args[0] == "discord" && args[1] == "register")
        {
            return await RegisterDiscordAsync(args[2..], stdout, stderr);
        }
        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine("""
                usage: coach                      run the worker (console chat when no Discord or Slack token is configured)
                       coach assess --target L6|L7 [--principle NAME] [--json] FILE|-
                       coach discord register     register the /coach command set (Discord__Token, Discord__ApplicationId)
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
