namespace Coach.Discord;

/// <summary>Settings from the <c>Discord</c> configuration section (<c>Discord__Token</c> and so on).</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";
    public const int DefaultIntents = 1 | 512 | 4096 | 32768; // GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT = 37377

    /// <summary>The bot token. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>The application (client) id; learnt from READY when empty, but command registration needs it up front.</summary>
    public string ApplicationId { get; set; } = "";

    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>When set, the command set is registered in this guild only (instant), otherwise globally.</summary>
    public string? GuildId { get; set; }

    public int? ShardId { get; set; }
    public int? ShardCount { get; set; }

    public int Intents { get; set; } = DefaultIntents;

    /// <summary>Register the /coach command set at start when it differs from what Discord has.</summary>
    public bool RegisterCommandsOnStart { get; set; } = true;

    /// <summary>How long an interaction may wait for the engine before it is deferred (Discord allows 3 s in all).</summary>
    public TimeSpan InteractionDeferAfter { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>First reconnect delay; it doubles on each failed attempt up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Discord's global REST limit (50/s). 0 turns the client-side pacing off (load tests against the fake only).</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>How many channels' events are handled at once; the events of one channel always run one after another, in
    /// order, and a channel waiting on its rate limit holds only its own turn. Four keeps the embedded SQLite store (one writer at a time) out of lock contention; a server database can take more.</summary>
    public int EventLanes { get; set; } = 4;

    /// <summary>How long an interaction stored in the inbox, or a reply saved in the outbox, stays with the worker that took
    /// it; one still unhandled (unsent) after this is taken up by the next sweep (its worker died).</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for interactions a dead worker stored and did not handle, and replies it saved
    /// and did not send (also once at start).</summary>
    public TimeSpan DeliverySweep { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep the gateway session in the store so a restarted worker resumes it and Discord replays what arrived
    /// meanwhile (a message typed during a deploy is answered, not lost). Needs the store; off without one.</summary>
    public bool ResumeAcrossRestarts { get; set; } = true;

    /// <summary>A saved session older than this is not tried (Discord forgets sessions after a few minutes).</summary>
    public TimeSpan ResumeStateMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the session and the last fully handled sequence are saved while running.</summary>
    public TimeSpan ResumeStateSaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string UserAgentUrl { get; set; } = "https://github.com/coach/coach";
    public string UserAgentVersion { get; set; } = "1.0";

    /// <summary>Never shows the token.</summary>
    public override string ToString() =>
        $"Discord(ApplicationId={ApplicationId}, ApiBaseUrl={ApiBaseUrl}, GuildId={GuildId}, Shard={ShardId}/{ShardCount}, Intents={Intents}, Token={(string.IsNullOrEmpty(Token) ? "unset" : "set")})";
}
