using Microsoft.Extensions.Options;

namespace Coach.Discord;

internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Token))
        {
            errors.Add("Discord:Token is required.");
        }
        else if (o.Token.Any(char.IsWhiteSpace))
        {
            errors.Add("Discord:Token must not contain whitespace (give the bare token, without 'Bot ').");
        }
        if (!string.IsNullOrEmpty(o.ApplicationId) && !IsSnowflake(o.ApplicationId))
        {
            errors.Add("Discord:ApplicationId must be a numeric id.");
        }
        if (!string.IsNullOrEmpty(o.GuildId) && !IsSnowflake(o.GuildId))
        {
            errors.Add("Discord:GuildId must be a numeric id.");
        }
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute http(s) URL.");
        }
        if (o.ShardId.HasValue != o.ShardCount.HasValue)
        {
            errors.Add("Discord:ShardId and Discord:ShardCount go together.");
        }
        else if (o.ShardCount is { } count && (count < 1 || o.ShardId < 0 || o.ShardId >= count))
        {
            errors.Add("Discord:ShardId must be in [0, ShardCount).");
        }
        if (o.Intents <= 0)
        {
            errors.Add("Discord:Intents must be positive.");
        }
        if (o.InteractionDeferAfter <= TimeSpan.Zero || o.InteractionDeferAfter > TimeSpan.FromMilliseconds(2500))
        {
            errors.Add("Discord:InteractionDeferAfter must be in (0, 2.5 s] so the 3 s deadline holds.");
        }
        if (o.ReconnectBaseDelay < TimeSpan.Zero || o.ReconnectMaxDelay < o.ReconnectBaseDelay)
        {
            errors.Add("Discord:ReconnectBaseDelay must be >= 0 and <= ReconnectMaxDelay.");
        }
        if (o.GlobalRequestsPerSecond < 0)
        {
            errors.Add("Discord:GlobalRequestsPerSecond must be >= 0.");
        }
        if (o.DeliveryLease <= TimeSpan.Zero || o.DeliverySweep <= TimeSpan.Zero)
        {
            errors.Add("Discord:DeliveryLease and Discord:DeliverySweep must be greater than zero.");
        }
        if (o.EventLanes is < 1 or > 256)
        {
            errors.Add("Discord:EventLanes must be in [1, 256].");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsSnowflake(string s) => s.Length is > 0 and <= 20 && s.All(char.IsAsciiDigit);
}
