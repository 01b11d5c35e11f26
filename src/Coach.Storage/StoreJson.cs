using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Conversation;
using Coach.Core.Rubric;

namespace Coach.Storage;

/// <summary>JSON for the session blob, band maps and outbox replies: enums as names so stored rows stay readable and stable.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Session(SessionState s) => JsonSerializer.Serialize(s, Options);

    public static SessionState? Session(string json) => JsonSerializer.Deserialize<SessionState>(json, Options);

    public static string Reply(Outgoing reply) => JsonSerializer.Serialize(reply, Options);

    public static Outgoing Reply(string json) => JsonSerializer.Deserialize<Outgoing>(json, Options)!;

    public static string Bands(IReadOnlyDictionary<Dimension, Band> bands) => JsonSerializer.Serialize(bands, Options);

    public static IReadOnlyDictionary<Dimension, Band> Bands(string json) =>
        JsonSerializer.Deserialize<Dictionary<Dimension, Band>>(json, Options) ?? [];
}
