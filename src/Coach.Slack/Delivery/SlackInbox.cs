using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Inbound;

namespace Coach.Slack.Delivery;

/// <summary>How a Slack event is kept in the store's inbox (<see cref="InboxEntry.Payload"/>), and its key there.</summary>
internal static class SlackInbox
{
    /// <summary>The inbox key: the engine's event key, so the two name the same event.</summary>
    public static string KeyOf(Incoming incoming) => $"{incoming.Platform}:{incoming.EventId}";

    public static InboxEntry Entry(SlackWork work, DateTimeOffset at) => new(KeyOf(work.Incoming), work.Incoming.Person, Write(work), at);

    public static string Write(SlackWork work) =>
        JsonSerializer.Serialize(new StoredWork(work.Incoming, work.ResponseUrl, work.DedupeKeys), SlackInboxJson.Default.StoredWork);

    public static SlackWork Read(string payload)
    {
        var stored = JsonSerializer.Deserialize(payload, SlackInboxJson.Default.StoredWork) ?? throw new JsonException("empty inbox payload");
        return new SlackWork(stored.Incoming, null, stored.DedupeKeys ?? []) { ResponseUrl = stored.ResponseUrl };
    }

    /// <summary>What the inbox keeps of a Slack event: the trigger id is not kept (it lives 3 s); the response_url is (30 minutes).</summary>
    internal sealed record StoredWork(Incoming Incoming, string? ResponseUrl, IReadOnlyList<string>? DedupeKeys);
}

/// <summary>The inbox payload's JSON (web names, enums as names, nulls left out), written by code generated at build
/// time: every event is written once as it arrives, and reflection took several times as long.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackInbox.StoredWork))]
internal sealed partial class SlackInboxJson : JsonSerializerContext;
