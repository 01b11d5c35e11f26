using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Conversation;
using Coach.Core.Mock;
using Coach.Core.Rubric;

namespace Coach.Storage;

/// <summary>JSON for the session blob, band maps, mock interviews and outbox replies: enums as names so stored rows stay
/// readable and stable. Written by code generated at build time (<see cref="StoreJsonContext"/>): a turn writes its
/// session and replies on every commit, and the generated writer takes a fraction of the time reflection takes.</summary>
internal static class StoreJson
{
    public static string Session(SessionState s) => JsonSerializer.Serialize(s, StoreJsonContext.Default.SessionState);

    public static SessionState? Session(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.SessionState);

    public static string Reply(Outgoing reply) => JsonSerializer.Serialize(reply, StoreJsonContext.Default.Outgoing);

    /// <summary>The reply's JSON as UTF-8, as the serialiser writes it: no string between it and the database.</summary>
    public static byte[] ReplyUtf8(Outgoing reply) => JsonSerializer.SerializeToUtf8Bytes(reply, StoreJsonContext.Default.Outgoing);

    public static Outgoing Reply(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.Outgoing)!;

    public static string Mock(MockInterview mock) => JsonSerializer.Serialize(mock, StoreJsonContext.Default.MockInterview);

    public static MockInterview Mock(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.MockInterview)!;

    public static string Bands(IReadOnlyDictionary<Dimension, Band> bands) =>
        JsonSerializer.Serialize(bands, StoreJsonContext.Default.IReadOnlyDictionaryDimensionBand);

    public static IReadOnlyDictionary<Dimension, Band> Bands(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.DictionaryDimensionBand) ?? [];
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionState))]
[JsonSerializable(typeof(Outgoing))]
[JsonSerializable(typeof(IReadOnlyDictionary<Dimension, Band>))]
[JsonSerializable(typeof(Dictionary<Dimension, Band>))]
[JsonSerializable(typeof(MockInterview))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
