using Coach.Core.Conversation;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Coach.Storage;
using Microsoft.Data.Sqlite;

namespace Coach.Worker.Tests;

public class EngineTests
{
    public const string Situation = "Our payments platform served 4 business units, and outages were putting $40M of annual revenue at risk as two competitors gained share in Europe.";
    public const string Task = "I owned the multi-year reliability strategy for the platform and its availability target of 99.99% across every region.";
    public const string Action = "I led 9 managers and about 110 engineers across 7 teams. I aligned the CFO and the CTO on a two-year plan, negotiated with 3 cloud vendors, and set the architecture principles every team followed.";
    public const string Result = "Availability rose from 99.5% to 99.99%, and we protected $45M a year measured against the prior year's baseline. I presented the design at an industry conference.";

    [Fact]
    public async Task A_whole_practice_asks_each_part_in_turn_then_gives_feedback_and_a_probe()
    {
        await using var h = await EngineHarness.StartAsync();

        var start = await h.SayAsync("practice L7 ownership");
        Outgoing first = Assert.Single(start);
        Assert.Equal(Visibility.Channel, first.Visibility);
        Assert.Contains("Ownership · L7 practice", first.Text, StringComparison.Ordinal);
        Assert.Contains(QuestionBank.Default.For("ownership"), q => q.Text == first.Card!.Title);
        Assert.Contains(first.Card!.Fields, f => f.Name == "Part 1 of 4: Situation" && f.Value.Contains("45-60 s", StringComparison.Ordinal));

        var afterS = Assert.Single(await h.SayAsync(Situation));
        Assert.Equal("Part 2 of 4: Task", afterS.Card!.Title);
        Assert.Contains("30-45 s", afterS.Card.Footer, StringComparison.Ordinal);

        var afterT = Assert.Single(await h.SayAsync(Task));
        Assert.Equal("Part 3 of 4: Action", afterT.Card!.Title);
        Assert.Contains("5+ teams", afterT.Card.Body, StringComparison.Ordinal);

        var afterA = Assert.Single(await h.SayAsync(Action));
        Assert.Equal("Part 4 of 4: Result", afterA.Card!.Title);

        var feedback = await h.SayAsync(Result);
        Assert.Equal(2, feedback.Count);
        Card card = feedback[0].Card!;
        Assert.Equal("Reads as L7: on target for L7", card.Title);
        Assert.Contains(card.Fields, f => f.Name == "Impact: L7" && f.Quote!.Contains("$45M a year", StringComparison.Ordinal));
        Assert.Equal(4, card.Bars.Count);
        Assert.Contains("A bar raiser would follow up", feedback[1].Text, StringComparison.Ordinal);

        var stories = await h.Store.ListStoriesAsync(new PersonKey(Platforms.Console, "local", "ada"));
        StoryRecord story = Assert.Single(stories);
        Assert.Equal(ReadsAs.L7, story.ReadsAs);
        Assert.Equal(Action, story.Answer.Action);

        var probe = await h.SayAsync("I personally chose to delay the EU launch by a quarter; finance measured the $12M cost against the baseline.");
        Assert.Contains(probe, r => r.Card?.Title == "Follow-up feedback" && r.Card.Fields.Any(f => f.Value.Contains("adds evidence", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("I chose to fail over manually first, giving up 20 minutes, to avoid corrupting the ledger.",
        "a decision you made (“I chose to fail over manually first”); a number (“20 minutes”).")]
    [InlineData("We talked it over and it went fine in the end.", null)]
    public async Task A_follow_up_answer_is_credited_with_the_specifics_the_verdict_asks_for(string answer, string? credited)
    {
        // the verdict asks for "a number, a name, a method, or a decision you made": an answer holding them is not "still general"
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L7 ownership");
        foreach (string part in (string[])[Situation, Task, Action, Result])
        {
            await h.SayAsync(part);
        }
        var reply = await h.SayAsync(answer);
        CardField verdict = reply.Select(r => r.Card).OfType<Card>().Single(c => c.Title == "Follow-up feedback").Fields.Single(f => f.Name == "Your answer");
        if (credited is null)
        {
            Assert.StartsWith("That's still general.", verdict.Value, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("That follow-up adds evidence: " + credited, verdict.Value);
        }
    }

    [Fact]
    public async Task Answers_finished_in_the_same_millisecond_are_all_kept()
    {
        // the clock stands still: every story below is finished at the same instant. Ids once came from the millisecond
        // and a random 0-999, so sixty of them collided more often than not and the later commits failed.
        await using var h = await EngineHarness.StartAsync();
        string[] people = [.. Enumerable.Range(0, 60).Select(n => $"person{n}")];
        foreach (string person in people)
        {
            foreach (string text in (string[])["practice L7 ownership", Situation, Task, Action, Result])
            {
                Assert.NotEmpty(await h.SayAsync(text, person));
            }
        }

        var ids = new HashSet<long>();
        foreach (string person in people)
        {
            StoryRecord story = Assert.Single(await h.Store.ListStoriesAsync(new PersonKey(Platforms.Console, "local", person)));
            Assert.True(ids.Add(story.Id), $"story id {story.Id} given twice");
        }
    }

    [Fact]
    public async Task The_same_event_delivered_twice_gets_one_reply()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L6");
        Incoming situation = h.Message(Situation, eventId: "msg-42");
        var first = await h.Engine.HandleAsync(situation);
        var again = await h.Engine.HandleAsync(situation);
        Assert.Single(first);
        Assert.Empty(again);
        var next = Assert.Single(await h.SayAsync(Task));
        Assert.Equal("Part 3 of 4: Action", next.Card!.Title); // the Situation was taken once, the Task follows
    }

    [Fact]
    public async Task A_far_off_part_gets_one_nudge_and_the_next_message_adds_to_it()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L7");
        var nudge = Assert.Single(await h.SayAsync("The site was slow."));
        Assert.Contains("Situation is 4 words", nudge.Text, StringComparison.Ordinal);
        Assert.Contains(nudge.ButtonsOrEmpty, b => b.Id == "coach:next");
        var next = Assert.Single(await h.SayAsync("It was costing us $20M a year in lost orders across three markets."));
        Assert.Equal("Part 2 of 4: Task", next.Card!.Title);
        var session = (await h.Store.LoadAsync(new PersonKey(Platforms.Console, "local", "ada"))).Session!;
        Assert.Equal("The site was slow.\nIt was costing us $20M a year in lost orders across three markets.", session.Situation);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_reply_and_the_session_stays_intact()
    {
        await using var h = await EngineHarness.StartAsync();
        var person = new PersonKey(Platforms.Console, "local", "ada");
        await h.SayAsync("practice L6");
        await h.SayAsync(Situation);
        var before = (await h.Store.LoadAsync(person)).Session!;

        var empty = Assert.Single(await h.SayAsync("   \u0000\u0007  "));
        Assert.Contains("didn't catch any text", empty.Text, StringComparison.Ordinal);

        var huge = Assert.Single(await h.SayAsync(new string('x', 50_000)));
        Assert.Contains("50,000 characters", huge.Text, StringComparison.Ordinal);
        Assert.Contains("Your answer so far is unchanged", huge.Text, StringComparison.Ordinal);

        var help = await h.SayAsync("help");
        Assert.Contains(help, r => r.Card?.Title.StartsWith("Coach", StringComparison.Ordinal) == true);

        var unknown = Assert.Single(await h.SayAsync("/dance"));
        Assert.Contains("don't know the command", unknown.Text, StringComparison.Ordinal);

        var after = (await h.Store.LoadAsync(person)).Session!;
        Assert.Equal(before.Situation, after.Situation);
        Assert.Equal(StarPart.Task, after.Awaiting);

        var withControls = Assert.Single(await h.SayAsync("Deliver the\u0001 migration\u200B by Q3 with zero data loss for all merchants."));
        Assert.Equal("Part 3 of 4: Action", withControls.Card!.Title);
        var saved = (await h.Store.LoadAsync(person)).Session!;
        Assert.Equal("Deliver the migration by Q3 with zero data loss for all merchants.", saved.Task);
    }

    [Fact]
    public async Task Unicode_markdown_and_mentions_are_kept_as_plain_text()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L6");
        await h.SayAsync("**Checkout** — “p99” was 4.2 s for 2 000 000 users; @everyone was paged 😬 and <@&123> too, costing $1.2M a year.");
        var session = (await h.Store.LoadAsync(new PersonKey(Platforms.Console, "local", "ada"))).Session!;
        Assert.Contains("@everyone", session.Situation, StringComparison.Ordinal);
        Assert.Contains("😬", session.Situation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_redo_and_stop_steer_the_practice()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L6");
        await h.SayAsync(Situation);
        var skipped = Assert.Single(await h.SayAsync("skip"));
        Assert.Contains("Skipped the Task", skipped.Text, StringComparison.Ordinal);
        Assert.Equal("Part 3 of 4: Action", skipped.Card!.Title);
        var redo = Assert.Single(await h.SayAsync("redo situation"));
        Assert.Contains(redo.Card!.Fields, f => f.Quote == Situation);
        var back = Assert.Single(await h.SayAsync("Our checkout lost $2M a year to timeouts during sales events across three regions."));
        Assert.Equal("Part 3 of 4: Action", back.Card!.Title);
        var stop = Assert.Single(await h.SayAsync("stop"));
        Assert.Contains("nothing is lost", stop.Text, StringComparison.Ordinal);
        Assert.Contains("Our checkout lost $2M", stop.Text, StringComparison.Ordinal);
        Assert.Null((await h.Store.LoadAsync(new PersonKey(Platforms.Console, "local", "ada"))).Session);
    }

    [Fact]
    public async Task Practice_while_one_is_running_keeps_the_running_one()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L6 ownership");
        await h.SayAsync(Situation);
        var again = Assert.Single(await h.SayAsync("practice L7"));
        Assert.Contains("middle of an answer", again.Text, StringComparison.Ordinal);
        var session = (await h.Store.LoadAsync(new PersonKey(Platforms.Console, "local", "ada"))).Session!;
        Assert.Equal(Situation, session.Situation);
    }

    [Fact]
    public async Task A_quiet_session_expires_with_a_note_that_returns_what_was_written()
    {
        await using var h = await EngineHarness.StartAsync(new CoachOptions { SessionTimeout = TimeSpan.FromHours(6) });
        await h.SayAsync("practice L6");
        await h.SayAsync(Situation);
        h.Time.Advance(TimeSpan.FromHours(7));
        var replies = await h.SayAsync("I owned the fix.");
        Assert.Contains("expired after 6 hours", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains(Situation, replies[0].Text, StringComparison.Ordinal);
        Assert.Null((await h.Store.LoadAsync(new PersonKey(Platforms.Console, "local", "ada"))).Session);
    }

    [Fact]
    public async Task Review_assesses_a_whole_headed_answer_at_once()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("level L7");
        var replies = await h.Engine.HandleAsync(h.Message($"review Situation: {Situation}\nTask: {Task}\nAction: {Action}\nResult: {Result}"));
        Outgoing r = Assert.Single(replies);
        Assert.Equal("Reads as L7: on target for L7", r.Card!.Title);
        var noText = Assert.Single(await h.SayAsync("review"));
        Assert.NotNull(noText.Form);
        Assert.Equal(4, noText.Form!.Fields.Count);
    }

    [Fact]
    public async Task Review_of_an_answer_with_no_headings_finds_the_parts_and_says_so()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("level L7");
        // the same answer as one paragraph, no headings
        var replies = await h.Engine.HandleAsync(h.Message($"review {Situation} {Task} {Action} {Result}".Replace('\n', ' ')));
        Assert.Equal(2, replies.Count);
        Assert.StartsWith("There were no headings, so I found the four parts myself: Situation ", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal("Reads as L7: on target for L7", replies[1].Card!.Title);

        var tooShort = Assert.Single(await h.SayAsync("review it went well"));
        Assert.StartsWith("I couldn't find the four parts", tooShort.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stories_progress_compare_and_export_read_the_bank()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("level L7");
        await h.SayAsync($"review Situation: {Situation}\nTask: {Task}\nAction: {Action}\nResult: {Result}");
        var list = Assert.Single(await h.SayAsync("stories"));
        Assert.Equal("Your story bank: 1 story", list.Card!.Title);
        var progress = Assert.Single(await h.SayAsync("progress"));
        Assert.Contains(progress.Card!.Fields, f => f.Name == "Streak" && f.Value.StartsWith("1st day in a row", StringComparison.Ordinal));
        Assert.Contains(progress.Card.Lists, l => l.Title.StartsWith("Principles without a story at L7", StringComparison.Ordinal));
        var compare = Assert.Single(await h.SayAsync("compare impact"));
        Assert.Contains(compare.Card!.Fields, f => f.Name == "L7" && f.Value.Contains("$10M+", StringComparison.Ordinal));
        var export = Assert.Single(await h.SayAsync("export"));
        Assert.StartsWith("# My STAR story bank", export.Text, StringComparison.Ordinal);
        Assert.Contains(Action, export.Text, StringComparison.Ordinal);
        var deleted = Assert.Single(await h.SayAsync("stories delete 1"));
        Assert.Contains("Deleted story 1", deleted.Text, StringComparison.Ordinal);
        Assert.Empty(await h.Store.ListStoriesAsync(new PersonKey(Platforms.Console, "local", "ada")));
    }

    [Fact]
    public async Task Forget_asks_first_then_leaves_no_row_about_the_person_in_any_table()
    {
        await using var h = await EngineHarness.StartAsync();
        var ada = new PersonKey(Platforms.Console, "local", "ada");
        await h.SayAsync("level L7");
        await h.SayAsync($"review Situation: {Situation}\nTask: {Task}\nAction: {Action}\nResult: {Result}");
        await h.SayAsync("practice L6");
        await h.SayAsync(Situation);
        await h.SayAsync("practice", user: "grace"); // someone else's data stays

        var ask = Assert.Single(await h.SayAsync("forget"));
        Assert.Contains(ask.ButtonsOrEmpty, b => b.Id == "coach:forget:yes");
        Assert.Single(await h.Store.ListStoriesAsync(ada)); // nothing erased before the confirmation

        var done = Assert.Single(await h.PressAsync("coach:forget:yes"));
        Assert.Contains("erased", done.Text, StringComparison.Ordinal);

        await using var c = new SqliteConnection($"Data Source={h.DatabasePath};Pooling=False");
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type='table'";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                tables.Add(r.GetString(0));
            }
        }
        Assert.Superset(SqliteCoachStore.PersonTables.ToHashSet(), tables.ToHashSet());
        int graceRows = 0;
        foreach (string table in tables)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table}";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                for (int i = 0; i < r.FieldCount; i++)
                {
                    string value = r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    Assert.False(value == "ada" || value.Contains("\"ada\"", StringComparison.Ordinal) || value.Contains(Situation, StringComparison.Ordinal),
                        $"table {table} still holds a row about ada: {value}");
                    graceRows += value == "grace" ? 1 : 0;
                }
            }
        }
        Assert.True(graceRows > 0);
    }

    [Fact]
    public async Task Forget_can_be_declined_and_the_practice_continues()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L6");
        await h.SayAsync(Situation);
        await h.SayAsync("forget");
        var no = Assert.Single(await h.SayAsync("no"));
        Assert.Contains("Nothing was erased", no.Text, StringComparison.Ordinal);
        var next = Assert.Single(await h.SayAsync(Task));
        Assert.Equal("Part 3 of 4: Action", next.Card!.Title);
    }

    private static async Task<SessionState> FinishPracticeAsync(EngineHarness h, string command)
    {
        await h.SayAsync(command);
        var s = (await h.Store.LoadAsync(new PersonKey(Platforms.Console, "local", "ada"))).Session!;
        foreach (string part in (string[])[Situation, Task, Action, Result])
        {
            await h.SayAsync(part);
        }
        return s;
    }

    [Fact]
    public async Task Adaptive_practice_picks_the_least_practised_principle_and_avoids_recent_questions()
    {
        await using var h = await EngineHarness.StartAsync();
        var principles = new List<string>();
        for (int n = 0; n < 3; n++)
        {
            principles.Add((await FinishPracticeAsync(h, "practice L6")).Principle!);
            h.Time.Advance(TimeSpan.FromMinutes(5));
        }
        Assert.Equal(3, principles.Distinct().Count());

        var questions = new List<string>();
        for (int n = 0; n < 4; n++)
        {
            questions.Add((await FinishPracticeAsync(h, "practice L6 dive deep")).QuestionId!);
            h.Time.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(4, questions.Distinct().Count());
        Assert.All(questions, q => Assert.StartsWith("dive-deep-", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_focus_tip_names_the_weakest_dimension_of_recent_answers()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("review Situation: The build pipeline was slow and cost us $600K a year.\nTask: Fix it.\nAction: I led 6 engineers on my team.\nResult: Builds went from 40 to 5 minutes, saving $700K a year.");
        var start = Assert.Single(await h.SayAsync("practice L6"));
        Assert.Contains(start.Card!.Fields, f => f.Name == "Your focus this time" && f.Value.Contains("weakest on Stakeholders", StringComparison.Ordinal));
    }
}
