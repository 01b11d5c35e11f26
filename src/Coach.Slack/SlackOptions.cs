using Microsoft.Extensions.Options;

namespace Coach.Slack;

public enum SlackMode
{
    /// <summary>Socket Mode: outbound WebSockets, no public URL (the default).</summary>
    Socket,
    /// <summary>Events API, slash commands and interactivity posted to an HTTP endpoint this process hosts.</summary>
    Http,
}

/// <summary>The <c>Slack</c> configuration section. Secrets are never logged: do not add a ToString that prints them.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>Bot token (<c>xoxb-…</c>) for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>App-level token (<c>xapp-…</c>, scope <c>connections:write</c>) for Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>Signing secret for HTTP mode request verification.</summary>
    public string? SigningSecret { get; set; }

    public SlackMode Mode { get; set; } = SlackMode.Socket;

    public string ApiBaseUrl { get; set; } = "https://slack.com/api";

    /// <summary>Socket Mode connections kept open at once (1-10) for redundancy.</summary>
    public int SocketConnections { get; set; } = 1;

    /// <summary>HTTP mode port (0 picks a free one).</summary>
    public int HttpPort { get; set; } = 3000;

    /// <summary>HTTP mode listen address.</summary>
    public string HttpListenAddress { get; set; } = "0.0.0.0";

    /// <summary>HTTP mode route prefix: {prefix}/events, {prefix}/commands, {prefix}/interactivity.</summary>
    public string HttpPathPrefix { get; set; } = "/slack";

    /// <summary>Minimum gap between two messages posted to one channel.</summary>
    public TimeSpan PostInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A new socket that sends no <c>hello</c> within this is dropped and retried.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>WebSocket ping interval; a socket whose pong does not come within <see cref="PingTimeout"/> is treated as dead.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events handled at once (different channels run in parallel, one channel in order). A slot is held while a
    /// reply waits for its channel's pacing, so too few stall; with SQLite too many mostly queue on its write lock
    /// (500 events/s: p99 43 ms at 16 against 133 ms at 64 in the load harness).</summary>
    public int MaxConcurrentWork { get; set; } = 16;

    /// <summary>How many times one Web API call is retried after a 429.</summary>
    public int MaxRateLimitRetries { get; set; } = 5;

    /// <summary>On stop, how long replies already under way may take to finish.</summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an event stored in the inbox, or a reply saved in the outbox, stays with the worker that took it. A row
    /// still open after this is taken up by the next sweep (its worker died): keep it well above the time a reply can take
    /// to send, pacing and 429 pauses included.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for events and replies a dead worker left (also once at start).</summary>
    public TimeSpan DeliverySweep { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long event ids are remembered for deduplication.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Validated at start: the host refuses to run with a configuration that cannot work.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add("Slack:BotToken is required.");
        }
        if (options.Mode == SlackMode.Socket && string.IsNullOrWhiteSpace(options.AppToken))
        {
            failures.Add("Slack:AppToken (xapp-…) is required in socket mode.");
        }
        if (options.Mode == SlackMode.Http && string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            failures.Add("Slack:SigningSecret is required in http mode: unsigned requests would be accepted otherwise.");
        }
        if (options.SocketConnections is < 1 or > 10)
        {
            failures.Add("Slack:SocketConnections must be between 1 and 10.");
        }
        if (options.HttpPort is < 0 or > 65535)
        {
            failures.Add("Slack:HttpPort must be between 0 and 65535.");
        }
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Slack:ApiBaseUrl must be an absolute http(s) URL.");
        }
        if (options.PostInterval < TimeSpan.Zero || options.ReconnectMinDelay <= TimeSpan.Zero || options.ReconnectMaxDelay < options.ReconnectMinDelay)
        {
            failures.Add("Slack: PostInterval must be >= 0 and 0 < ReconnectMinDelay <= ReconnectMaxDelay.");
        }
        if (options.Mode == SlackMode.Http && !System.Net.IPAddress.TryParse(options.HttpListenAddress, out _))
        {
            failures.Add("Slack:HttpListenAddress must be an IP address (0.0.0.0 for all).");
        }
        if (options.DeliveryLease <= TimeSpan.Zero || options.DeliverySweep <= TimeSpan.Zero)
        {
            failures.Add("Slack:DeliveryLease and Slack:DeliverySweep must be greater than zero.");
        }
        if (options.MaxConcurrentWork < 1)
        {
            failures.Add("Slack:MaxConcurrentWork must be at least 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
