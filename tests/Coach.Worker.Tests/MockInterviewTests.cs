using Coach.Core.Conversation;
using Coach.Core.Mock;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Coach.Worker.Tests;

public class MockInterviewTests
{
    private static int _n;

    private static Incoming In(EngineHarness h, string user, IncomingKind kind, string? text = null, string? command = null, string? thread = null,
        string? actionId = null, string? formId = null, IReadOnlyDictionary<string, string>? form = null, bool canManage = false) =>
        new(Platforms.Slack, "T1", "C1", thread, user, $"ev{Interlocked.Increment(ref _n)}", h.Time.GetUtcNow(), kind, Text: text, Command: command,
            ActionId: actionId, FormId: formId, FormValues: form, CanManage: canManage);

    [Fact]
    public async Task A_whole_mock_interview_from_command_to_combined_scorecard()
    {
        await using var h = await EngineHarness.StartAsync();
        var start = await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Command, "<@UCAND|cand> L7 ownership", "mock"));
        Outgoing thread = Assert.Single(start, o => o.OpenThreadTitle is not null);
        Assert.Equal(Visibility.Thread, thread.Visibility);
        Assert.Contains("<@UINT> interviews <@UCAND>", thread.Text, StringComparison.Ordinal);
        Outgoing guide = Assert.Single(start, o => o.Visibility == Visibility.Ephemeral);
        Assert.Equal("UINT", guide.User);
        Assert.Contains(guide.Card!.Fields, f => f.Name == "A strong L7 answer");
        Assert.Contains(guide.Card.Lists, l => l.Title == "Probes to ask" && l.Items.Count == 3);
        Assert.Contains(guide.Card.Lists, l => l.Title == "Red flags" && l.Items.Count == 4);
        Assert.DoesNotContain(start, o => o.Visibility != Visibility.Ephemeral && o.Card?.Title.StartsWith("Interviewer guide", StringComparison.Ordinal) == true);

        Assert.Empty(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.ThreadOpened, thread: "TH1")));

        var firstPart = await h.Engine.HandleAsync(In(h, "UCAND", IncomingKind.Message, EngineTests.Situation, thread: "TH1"));
        Assert.Contains("Keep going", Assert.Single(firstPart).Text, StringComparison.Ordinal);
        foreach (string part in (string[])[EngineTests.Task, EngineTests.Action, EngineTests.Result])
        {
            Assert.Empty(await h.Engine.HandleAsync(In(h, "UCAND", IncomingKind.Message, part, thread: "TH1")));
        }
        Assert.Empty(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Message, "Nice, take your time.", thread: "TH1")));

        var done = Assert.Single(await h.Engine.HandleAsync(In(h, "UCAND", IncomingKind.Message, "done", thread: "TH1")));
        Assert.Contains("Answer received", done.Text, StringComparison.Ordinal);
        ActionButton score = Assert.Single(done.ButtonsOrEmpty);

        var notYou = Assert.Single(await h.Engine.HandleAsync(In(h, "UCAND", IncomingKind.Button, actionId: score.Id, thread: "TH1")));
        Assert.Contains("Only the interviewer", notYou.Text, StringComparison.Ordinal);

        var formReply = Assert.Single(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Button, actionId: score.Id, thread: "TH1")));
        FormRequest form = formReply.Form!;
        Assert.Equal(5, form.Fields.Count);

        var values = new Dictionary<string, string> { ["impact"] = "L7", ["scope"] = "L7", ["ownership"] = "L6", ["stakeholders"] = "L7", ["hire"] = "hire" };
        var card = Assert.Single(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Form, formId: form.Id, form: values, thread: "TH1"))).Card!;
        Assert.StartsWith("Mock interview scorecard: reads as L7", card.Title, StringComparison.Ordinal);
        Assert.Contains(card.Fields, f => f.Name == "⚠ Ownership and horizon: peer L6 · rubric L7");
        Assert.Contains(card.Fields, f => f.Name == "Impact and stakes: peer L7 · rubric L7");
        Assert.Contains("Peer hire signal: hire", card.Body, StringComparison.Ordinal);
        Assert.Contains("disagree on 1 row", card.Body, StringComparison.Ordinal);

        StoryRecord story = Assert.Single(await h.Store.ListStoriesAsync(new PersonKey(Platforms.Slack, "T1", "UCAND")));
        Assert.Equal("mock", story.Source);
        Assert.Equal(EngineTests.Action, story.Answer.Action);
    }

    [Fact]
    public async Task An_unreadable_scorecard_is_refused_with_what_to_fix()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Command, "<@UCAND>", "mock"));
        await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.ThreadOpened, thread: "TH1"));
        await h.Engine.HandleAsync(In(h, "UCAND", IncomingKind.Message, EngineTests.Situation, thread: "TH1"));
        var done = Assert.Single(await h.Engine.HandleAsync(In(h, "UCAND", IncomingKind.Message, "done", thread: "TH1")));
        string formId = Assert.Single(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Button, actionId: done.ButtonsOrEmpty[0].Id, thread: "TH1"))).Form!.Id;
        var values = new Dictionary<string, string> { ["impact"] = "great", ["scope"] = "L6", ["ownership"] = "L6", ["stakeholders"] = "L6", ["hire"] = "maybe" };
        var reply = Assert.Single(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Form, formId: formId, form: values, thread: "TH1")));
        Assert.Contains("Impact and stakes", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Hire signal", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mock_needs_a_mentioned_candidate_who_is_someone_else()
    {
        await using var h = await EngineHarness.StartAsync();
        Assert.Contains("Name the candidate", Assert.Single(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Command, "L7", "mock"))).Text, StringComparison.Ordinal);
        Assert.Contains("can't interview yourself", Assert.Single(await h.Engine.HandleAsync(In(h, "UINT", IncomingKind.Command, "<@UINT>", "mock"))).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairing_matches_two_members_and_swaps_roles_next_time()
    {
        await using var h = await EngineHarness.StartAsync();
        Assert.Contains("Only members who can manage", Assert.Single(await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Command, "channel on", "mock"))).Text, StringComparison.Ordinal);
        await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Command, "channel on", "mock", canManage: true));

        Assert.Contains("You're in the queue", Assert.Single(await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Command, "", "pair"))).Text, StringComparison.Ordinal);
        var paired = await h.Engine.HandleAsync(In(h, "UB", IncomingKind.Command, "", "pair"));
        Outgoing opened = Assert.Single(paired, o => o.OpenThreadTitle is not null);
        Assert.Contains("<@UA> interviews <@UB>", opened.Text, StringComparison.Ordinal);
        Outgoing guide = Assert.Single(paired, o => o.Card?.Title.StartsWith("Interviewer guide", StringComparison.Ordinal) == true);
        Assert.Equal(Visibility.Direct, guide.Visibility); // UB typed pair; the guide goes privately to UA
        Assert.Equal("UA", guide.User);

        // finish that interview
        await h.Engine.HandleAsync(In(h, "UB", IncomingKind.ThreadOpened, thread: "TP1"));
        await h.Engine.HandleAsync(In(h, "UB", IncomingKind.Message, EngineTests.Situation, thread: "TP1"));
        var done = Assert.Single(await h.Engine.HandleAsync(In(h, "UB", IncomingKind.Message, "done", thread: "TP1")));
        string formId = Assert.Single(await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Button, actionId: done.ButtonsOrEmpty[0].Id, thread: "TP1"))).Form!.Id;
        var values = new Dictionary<string, string> { ["impact"] = "L6", ["scope"] = "L6", ["ownership"] = "L6", ["stakeholders"] = "L6", ["hire"] = "hire" };
        await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Form, formId: formId, form: values, thread: "TP1"));

        // next pairing: UA (interviewer last time) queues first, but UB (candidate last time) now interviews
        await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Command, "", "pair"));
        var second = await h.Engine.HandleAsync(In(h, "UB", IncomingKind.Command, "", "pair"));
        Assert.Contains("<@UB> interviews <@UA>", Assert.Single(second, o => o.OpenThreadTitle is not null).Text, StringComparison.Ordinal);
    }

    /// <summary>UA turns the channel into a mock channel, UA and UB are paired, and the pair's thread opens.</summary>
    private static async Task PairInMockChannelAsync(EngineHarness h)
    {
        await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Command, "channel on", "mock", canManage: true));
        await h.Engine.HandleAsync(In(h, "UA", IncomingKind.Command, "", "pair"));
        await h.Engine.HandleAsync(In(h, "UB", IncomingKind.Command, "", "pair"));
        await h.Engine.HandleAsync(In(h, "UB", IncomingKind.ThreadOpened, thread: "TP1"));
    }

    /// <summary>A Slack sender that keeps what it is asked to post in workspace T1.</summary>
    private static IProactiveSender RecordingSender(System.Collections.Concurrent.ConcurrentQueue<Outgoing> sent)
    {
        var sender = new Mock<IProactiveSender>();
        sender.SetupGet(s => s.Platform).Returns(Platforms.Slack);
        sender.Setup(s => s.SendAsync("T1", It.IsAny<Outgoing>(), It.IsAny<CancellationToken>()))
            .Callback<string, Outgoing, CancellationToken>((_, o, _) => sent.Enqueue(o)).Returns(Task.CompletedTask);
        return sender.Object;
    }

    [Fact]
    public async Task A_pair_whose_candidate_does_not_start_is_dissolved_and_both_go_back_to_the_queue()
    {
        await using var h = await EngineHarness.StartAsync(new CoachOptions { MockStartTimeout = TimeSpan.FromMinutes(15) });
        await PairInMockChannelAsync(h);

        var sent = new System.Collections.Concurrent.ConcurrentQueue<Outgoing>();
        var supervisor = new MockSupervisor(h.Store, [RecordingSender(sent)], h.Time, new CoachOptions { MockStartTimeout = TimeSpan.FromMinutes(15) }, NullLogger<MockSupervisor>.Instance);

        h.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await supervisor.RunDueAsync());
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await supervisor.RunDueAsync());
        Outgoing note = Assert.Single(sent);
        Assert.Equal("TP1", note.Thread);
        Assert.Contains("dissolved", note.Text, StringComparison.Ordinal);
        Assert.Contains("back in the queue", note.Text, StringComparison.Ordinal);
        Assert.Equal(0, await supervisor.RunDueAsync()); // once

        // both are queued again: the next member to say pair is matched with one of them
        var third = await h.Engine.HandleAsync(In(h, "UC", IncomingKind.Command, "", "pair"));
        Assert.Contains(third, o => o.OpenThreadTitle is not null && o.Text.Contains("<@UC>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_workers_checking_at_once_dissolve_a_pair_once_and_never_one_whose_candidate_has_started()
    {
        await using var h = await EngineHarness.StartAsync(new CoachOptions { MockStartTimeout = TimeSpan.FromMinutes(15) });
        await PairInMockChannelAsync(h);

        var sent = new System.Collections.Concurrent.ConcurrentQueue<Outgoing>();
        IProactiveSender sender = RecordingSender(sent);
        var options = new CoachOptions { MockStartTimeout = TimeSpan.FromMinutes(15) };
        MockSupervisor[] workers = [.. Enumerable.Range(0, 2).Select(_ => new MockSupervisor(h.Store, [sender], h.Time, options, NullLogger<MockSupervisor>.Instance))];

        h.Time.Advance(TimeSpan.FromMinutes(16));
        int[] dissolved = await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunDueAsync())));
        Assert.Equal(1, dissolved.Sum());
        Assert.Single(sent); // one note, not one per worker

        // a new pair whose candidate starts answering just before the check is left alone
        var opened = await h.Engine.HandleAsync(In(h, "UE", IncomingKind.Command, "<@UF|f> L6 ownership", "mock"));
        Assert.Contains(opened, o => o.OpenThreadTitle is not null);
        await h.Engine.HandleAsync(In(h, "UE", IncomingKind.ThreadOpened, thread: "TP2"));
        h.Time.Advance(TimeSpan.FromMinutes(16));
        await h.Engine.HandleAsync(In(h, "UF", IncomingKind.Message, "Situation: our checkout lost $2M a year.", thread: "TP2"));
        Assert.Equal(0, (await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunDueAsync())))).Sum());
        Assert.Single(sent);
        Assert.Equal(MockState.Answering, (await h.Store.FindMockByThreadAsync(Platforms.Slack, "T1", "TP2"))!.State);
    }

    [Fact]
    public void Unheaded_messages_are_split_into_the_four_parts()
    {
        var four = CoachEngine.MockAnswer(["s", "t", "a1", "a2", "r"]);
        Assert.Equal(("s", "t", "a1\na2", "r"), (four.Situation, four.Task, four.Action, four.Result));
        var one = CoachEngine.MockAnswer(["One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten."]);
        Assert.All(Enum.GetValues<Coach.Core.Rubric.StarPart>(), p => Assert.NotEqual("", one[p]));
        var headed = CoachEngine.MockAnswer(["Situation: x happened.", "Task: y. Action: I did z.", "Result: 10% better."]);
        Assert.Equal("I did z.", headed.Action);
    }
}
