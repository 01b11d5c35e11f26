using Coach.Discord;
using Coach.Discord.Commands;
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
        CoachHost.AddCoachConfiguration(builder.Configuration, args);
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

    /// <summary><c>coach health</c>: the container HEALTHCHECK; exits 0 when the worker's /healthz answers.</summary>
    private static async Task<int> HealthCheckAsync(TextWriter stdout, TextWriter stderr)
    {
        string port = Environment.GetEnvironmentVariable("Health__Port") is { Length: > 0 } p ? p : "8080";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            stdout.WriteLine($"healthz: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            stderr.WriteLine($"healthz: {ex.Message}");
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
        if (args.Length > 0 && args[0] == "health")
        {
            return await HealthCheckAsync(stdout, stderr);
        }
        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine("""
                usage: coach                      run the worker (console chat when no Discord or Slack token is configured)
                       coach assess --target L6|L7 [--principle NAME] [--json] FILE|-
                       coach discord register     register the /coach command set (Discord__Token, Discord__ApplicationId)
                       coach health               exit 0 when the worker's /healthz answers (the container HEALTHCHECK)
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
