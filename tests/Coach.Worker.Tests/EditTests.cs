using Coach.Core.Conversation;
using Coach.Core.Storage;

namespace Coach.Worker.Tests;

/// <summary>Edits and deletions of answer parts, as Discord and Slack report them (the engine sees only neutral events).</summary>
public class EditTests
{
    private const string BiggerSituation = "Our payments platform served 4 business units, and outages were putting $90M of annual revenue at risk as two competitors gained share in Europe.";

    private static Incoming Chat(EngineHarness h, IncomingKind kind, string eventId, string? messageId, string? text = null) =>
        new("slack", "T1", "D1", null, "ada", eventId, h.Time.GetUtcNow(), kind, Text: text, IsDirect: true, MessageId: messageId);

    private static Task<IReadOnlyList<Outgoing>> SendAsync(EngineHarness h, string messageId, string text) =>
        h.Engine.HandleAsync(Chat(h, IncomingKind.Message, "ev-" + messageId, messageId, text));

    private static async Task StartAsync(EngineHarness h) =>
        await h.Engine.HandleAsync(Chat(h, IncomingKind.Message, "ev-start", "m0", "practice L7 ownership"));

    private static async Task<SessionState> SessionAsync(EngineHarness h) =>
        (await h.Store.LoadAsync(new PersonKey("slack", "T1", "ada"))).Session!;

    [Fact]
    public async Task An_edited_Situation_before_the_feedback_changes_the_quoted_evidence()
    {
        await using var h = await EngineHarness.StartAsync();
        await StartAsync(h);
        await SendAsync(h, "m1", EngineTests.Situation);
        await SendAsync(h, "m2", EngineTests.Task);

        Outgoing ack = Assert.Single(await h.Engine.HandleAsync(Chat(h, IncomingKind.Edited, "m1:edit-1", "m1", BiggerSituation)));
        Assert.StartsWith("Updated your Situation with your edit", ack.Text, StringComparison.Ordinal);
        Assert.Equal(Coach.Core.Rubric.StarPart.Action, (await SessionAsync(h)).Awaiting); // still waiting where it was

        await SendAsync(h, "m3", EngineTests.Action);
        var feedback = await SendAsync(h, "m4", EngineTests.Result);
        Card card = feedback[0].Card!;
        string quotes = string.Join("\n", card.Fields.Select(f => f.Quote));
        Assert.Contains("$90M of annual revenue at risk", quotes, StringComparison.Ordinal);
        Assert.DoesNotContain("$40M", quotes, StringComparison.Ordinal);
        StoryRecord story = Assert.Single(await h.Store.ListStoriesAsync(new PersonKey("slack", "T1", "ada")));
        Assert.Equal(BiggerSituation, story.Answer.Situation);
    }

    [Fact]
    public async Task A_deleted_part_is_asked_for_again_and_the_practice_carries_on_where_it_was()
    {
        await using var h = await EngineHarness.StartAsync();
        await StartAsync(h);
        await SendAsync(h, "m1", EngineTests.Situation);
        await SendAsync(h, "m2", EngineTests.Task);

        Outgoing ask = Assert.Single(await h.Engine.HandleAsync(Chat(h, IncomingKind.Deleted, "del-m1", "m1")));
        Assert.Contains("You deleted your Situation", ask.Text, StringComparison.Ordinal);
        Assert.Equal("Part 1 of 4: Situation", ask.Card!.Title);
        SessionState s = await SessionAsync(h);
        Assert.Equal("", s.Situation);
        Assert.Equal(EngineTests.Task, s.Task);

        Outgoing next = Assert.Single(await SendAsync(h, "m5", BiggerSituation));
        Assert.Equal("Part 3 of 4: Action", next.Card!.Title); // the Task kept, so the Action comes next
        Assert.Equal(BiggerSituation, (await SessionAsync(h)).Situation);
    }

    [Fact]
    public async Task A_part_given_in_two_messages_keeps_the_other_when_one_is_edited_or_deleted()
    {
        await using var h = await EngineHarness.StartAsync();
        await StartAsync(h);
        Assert.Contains("Situation is 4 words", Assert.Single(await SendAsync(h, "m1", "The site was slow.")).Text, StringComparison.Ordinal);
        await SendAsync(h, "m2", "It was costing us $20M a year in lost orders across three markets.");
        Assert.Equal("The site was slow.\nIt was costing us $20M a year in lost orders across three markets.", (await SessionAsync(h)).Situation);

        await h.Engine.HandleAsync(Chat(h, IncomingKind.Edited, "m1:e1", "m1", "The checkout site was slow for every customer."));
        Assert.Equal("The checkout site was slow for every customer.\nIt was costing us $20M a year in lost orders across three markets.", (await SessionAsync(h)).Situation);

        Outgoing removed = Assert.Single(await h.Engine.HandleAsync(Chat(h, IncomingKind.Deleted, "del-m1", "m1")));
        Assert.Contains("Removed that message from your Situation", removed.Text, StringComparison.Ordinal);
        SessionState s = await SessionAsync(h);
        Assert.Equal("It was costing us $20M a year in lost orders across three markets.", s.Situation);
        Assert.Equal(Coach.Core.Rubric.StarPart.Task, s.Awaiting);
    }

    [Fact]
    public async Task After_the_feedback_an_edit_changes_nothing_and_gets_no_reply()
    {
        await using var h = await EngineHarness.StartAsync();
        await StartAsync(h);
        await SendAsync(h, "m1", EngineTests.Situation);
        await SendAsync(h, "m2", EngineTests.Task);
        await SendAsync(h, "m3", EngineTests.Action);
        await SendAsync(h, "m4", EngineTests.Result);
        SessionState before = await SessionAsync(h);
        Assert.Equal(SessionMode.Probing, before.Mode);

        Assert.Empty(await h.Engine.HandleAsync(Chat(h, IncomingKind.Edited, "m1:edit-1", "m1", BiggerSituation)));
        Assert.Empty(await h.Engine.HandleAsync(Chat(h, IncomingKind.Deleted, "del-m2", "m2")));
        StoryRecord story = Assert.Single(await h.Store.ListStoriesAsync(new PersonKey("slack", "T1", "ada")));
        Assert.Equal(EngineTests.Situation, story.Answer.Situation);
        Assert.Equal(EngineTests.Task, story.Answer.Task);
        Assert.Equal(before, await SessionAsync(h), new SessionComparer());
    }

    [Fact]
    public async Task A_redelivered_edit_is_handled_once_and_an_unknown_message_is_ignored()
    {
        await using var h = await EngineHarness.StartAsync();
        await StartAsync(h);
        await SendAsync(h, "m1", EngineTests.Situation);
        Incoming edit = Chat(h, IncomingKind.Edited, "m1:2026-03-02T09:00:05", "m1", BiggerSituation);
        Assert.Single(await h.Engine.HandleAsync(edit));
        Assert.Empty(await h.Engine.HandleAsync(edit));
        // the same text again under a new edit id (a second edit that changed nothing) says nothing either
        Assert.Empty(await h.Engine.HandleAsync(edit with { EventId = "m1:2026-03-02T09:00:09" }));
        Assert.Empty(await h.Engine.HandleAsync(Chat(h, IncomingKind.Edited, "x:1", "not-a-part", "hello")));
        Assert.Equal(BiggerSituation, (await SessionAsync(h)).Situation);
    }

    /// <summary>Compares sessions by their JSON-visible values (lists compare by content).</summary>
    private sealed class SessionComparer : IEqualityComparer<SessionState>
    {
        public bool Equals(SessionState? x, SessionState? y) =>
            System.Text.Json.JsonSerializer.Serialize(x) == System.Text.Json.JsonSerializer.Serialize(y);

        public int GetHashCode(SessionState obj) => 0;
    }
}
