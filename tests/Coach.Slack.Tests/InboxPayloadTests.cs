using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Conversation;
using Coach.Slack.Delivery;
using Coach.Slack.Inbound;

namespace Coach.Slack.Tests;

/// <summary>The inbox payload a Slack event is kept as: written by generated code, in the JSON that reflection wrote before
/// it, so events stored by an older worker are handled by a newer one.</summary>
public sealed class InboxPayloadTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static SlackWork Work() => new(
        new Incoming(Platforms.Slack, "T1", "C1", "1700000000.000100", "U1", "Ev123", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)),
            IncomingKind.Form, Text: "We cut churn by 40% — “quoted” 😬 <!everyone>", FormId: "coach:answer",
            FormValues: new Dictionary<string, string> { ["situation"] = "Line one\nline \"two\"", ["task"] = "" }, UserDisplayName: "Ada",
            CanManage: true, MessageId: "C1:1700000000.000200", Durable: true, InInbox: true),
        "trigger-not-kept", ["Ev123", "C1:1700000000.000200"]) { ResponseUrl = "https://hooks.slack.test/commands/T1/1/abc" };

    [Fact]
    public void The_payload_is_the_JSON_reflection_wrote_and_reads_back_to_the_same_work()
    {
        SlackWork work = Work();
        string payload = SlackInbox.Write(work);
        Assert.Equal(JsonSerializer.Serialize(new SlackInbox.StoredWork(work.Incoming, work.ResponseUrl, work.DedupeKeys), Reflection), payload);

        SlackWork back = SlackInbox.Read(payload);
        Assert.Equal(work.Incoming with { FormValues = null }, back.Incoming with { FormValues = null });
        Assert.Equal(work.Incoming.FormValues, back.Incoming.FormValues);
        Assert.Equal(work.ResponseUrl, back.ResponseUrl);
        Assert.Equal(work.DedupeKeys, back.DedupeKeys);
        Assert.Null(back.TriggerId); // it lives 3 s: not kept
    }
}
