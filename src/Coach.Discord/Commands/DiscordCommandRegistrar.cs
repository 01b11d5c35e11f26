using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord.Commands;

/// <summary>Registers the <c>/coach</c> command set (global, or in <c>Discord:GuildId</c>). Used at start and by
/// the worker's <c>coach discord register</c> verb.</summary>
public sealed class DiscordCommandRegistrar(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<DiscordCommandRegistrar> log)
{
    /// <summary>PUTs the set when Discord's differs (or always with <paramref name="force"/>). Returns true when it PUT.</summary>
    public async Task<bool> RegisterAsync(bool force = false, string? applicationId = null, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var app = string.IsNullOrEmpty(applicationId) ? o.ApplicationId : applicationId;
        if (string.IsNullOrEmpty(app))
        {
            throw new InvalidOperationException("Discord:ApplicationId is needed to register commands.");
        }
        var guild = string.IsNullOrEmpty(o.GuildId) ? null : o.GuildId;
        var desired = CoachCommands.DesiredSet();
        if (!force)
        {
            var existing = await rest.GetCommandsAsync(app, guild, cancellationToken);
            if (CoachCommands.Canonical(existing) == CoachCommands.Canonical(desired))
            {
                log.LogInformation("Discord commands are up to date ({Scope})", guild is null ? "global" : "guild");
                return false;
            }
        }
        await rest.PutCommandsAsync(app, guild, desired, cancellationToken);
        log.LogInformation("Discord commands registered ({Scope})", guild is null ? "global" : "guild");
        return true;
    }
}
