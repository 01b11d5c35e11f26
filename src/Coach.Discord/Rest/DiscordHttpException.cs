using System.Net;

namespace Coach.Discord.Rest;

public sealed class DiscordHttpException(HttpStatusCode status, int? code, string message)
    : Exception($"Discord answered {(int)status}: {message}")
{
    public HttpStatusCode Status { get; } = status;
    public int? Code { get; } = code;
}

/// <summary>Thrown for every request once Discord answered 401 to the bot token: nothing more is sent.</summary>
public sealed class DiscordUnauthorizedException() : Exception("Discord refused the bot token (401); sending has stopped.");
