namespace Coach.Discord.Rest.RateLimits;

/// <summary>A REST route: the template names the rate-limit route, <paramref name="Major"/> the top-level resource (channel, guild, webhook).</summary>
internal readonly record struct Route(HttpMethod Method, string Template, string Major, string Path)
{
    public string Key => $"{Method.Method} {Template}";
}
