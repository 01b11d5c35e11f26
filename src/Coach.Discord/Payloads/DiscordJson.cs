using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coach.Discord.Payloads;

/// <summary>The JSON settings of the Discord wire format: snake_case names, nulls left out.</summary>
internal static class DiscordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
