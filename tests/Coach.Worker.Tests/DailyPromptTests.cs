using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Storage;
using Coach.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Worker.Tests;

public class DailyPromptTests
{
    private sealed class RecordingSender : IProactiveSender
    {
        public List<(DateTimeOffset At, string Workspace, Outgoing Message)> Sent { get; } = [];
        public Func<bool> Fail { get; set; } = () => false;
        public required TimeProvider Time { get; init; }
        public string Platform => Platforms.Slack;

        public Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default)
        {
            if (Fail())
            {
                throw new HttpRequestException("platform unavailable");
            }
            Sent.Add((Time.GetUtcNow(), workspace, message));
            return Task.CompletedTask;
        }
    }

    private static DailySchedule Schedule(string user, string time, string zone, params DayOfWeek[] days) =>
        new(DailySchedule.IdFor(Platforms.Slack, "T1", "", user), Platforms.Slack, "T1", "", user, user,
            TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), zone,
            days.Length == 0 ? Enum.GetValues<DayOfWeek>() : days, DateTimeOffset.UnixEpoch);

    private static (DailyPromptScheduler Scheduler, RecordingSender Sender) Scheduler(SqliteCoachStore store, FakeTimeProvider time)
    {
        var sender = new RecordingSender { Time = time };
        return (new DailyPromptScheduler(store, store, [sender], time, NullLogger<DailyPromptScheduler>.Instance), sender);
    }

    /// <summary>Runs a pass every minute from the clock's time until <paramref name="until"/>.</summary>
    private static async Task RunMinutesAsync(DailyPromptScheduler scheduler, FakeTimeProvider time, DateTimeOffset until)
    {
        while (time.GetUtcNow() < until)
        {
            await scheduler.RunDueAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Prompts_arrive_at_the_local_time_of_each_zone()
    {
        await using var h = await EngineHarness.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 9, 0, 0, 0, TimeSpan.Zero)); // a Tuesday, summer
        (DailyPromptScheduler scheduler, RecordingSender sender) = Scheduler(h.Store, time);
        await h.Store.SaveScheduleAsync(Schedule("london", "08:30", "Europe/London"));
        await h.Store.SaveScheduleAsync(Schedule("newyork", "07:00", "America/New_York"));
        await h.Store.SaveScheduleAsync(Schedule("kolkata", "09:15", "Asia/Kolkata"));
        await h.Store.SaveScheduleAsync(Schedule("sydney", "18:45", "Australia/Sydney"));

        await RunMinutesAsync(scheduler, time, new DateTimeOffset(2026, 6, 10, 0, 0, 0, TimeSpan.Zero));

        DateTimeOffset At(string user) => Assert.Single(sender.Sent, s => s.Message.User == user).At;
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 7, 30, 0, TimeSpan.Zero), At("london"));   // BST, UTC+1
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 11, 0, 0, TimeSpan.Zero), At("newyork"));  // EDT, UTC-4
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 3, 45, 0, TimeSpan.Zero), At("kolkata"));  // IST, UTC+5:30
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 8, 45, 0, TimeSpan.Zero), At("sydney"));   // AEST, UTC+10
        Assert.All(sender.Sent, s => Assert.Equal(Visibility.Direct, s.Message.Visibility));
        Assert.All(sender.Sent, s => Assert.Contains(s.Message.ButtonsOrEmpty, b => b.Id == "coach:daily" && b.Label == "Start"));
    }

    [Theory]
    [InlineData("Europe/London", "01:30", 2026, 3, 28)]      // spring forward: 01:30 does not exist on 29 March
    [InlineData("Europe/London", "01:30", 2026, 10, 24)]     // fall back: 01:30 happens twice on 25 October
    [InlineData("America/New_York", "02:30", 2026, 3, 7)]    // spring forward on 8 March
    [InlineData("America/New_York", "01:30", 2026, 10, 31)]  // fall back on 1 November
    public async Task A_DST_change_neither_skips_nor_doubles_a_day(string zone, string local, int year, int month, int day)
    {
        await using var h = await EngineHarness.StartAsync();
        var start = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        (DailyPromptScheduler scheduler, RecordingSender sender) = Scheduler(h.Store, time);
        DailySchedule schedule = Schedule("ada", local, zone);
        await h.Store.SaveScheduleAsync(schedule);

        await RunMinutesAsync(scheduler, time, start.AddDays(3));

        var dates = sender.Sent.Select(s => schedule.LocalDate(s.At)).ToList();
        Assert.Equal(dates.Distinct().Count(), dates.Count); // never twice on one local date
        var expected = Enumerable.Range(0, 3).Select(i => DateOnly.FromDateTime(start.UtcDateTime).AddDays(i))
            .Where(d => schedule.DueUtc(d) >= start && schedule.DueUtc(d) < start.AddDays(3)).ToList();
        Assert.Equal(expected, dates);
        foreach ((DateTimeOffset at, _, _) in sender.Sent)
        {
            Assert.Equal(schedule.DueUtc(schedule.LocalDate(at)), at);
        }
    }

    [Fact]
    public void Due_times_follow_the_zone_rules_on_change_days()
    {
        DailySchedule spring = Schedule("ada", "01:30", "Europe/London");
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), spring.DueUtc(new DateOnly(2026, 3, 29))); // 02:30 BST, the gap's far side
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), spring.DueUtc(new DateOnly(2026, 10, 25))); // the first 01:30
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 1, 30, 0, TimeSpan.Zero), spring.DueUtc(new DateOnly(2026, 3, 28))); // GMT
    }

    [Fact]
    public async Task Each_local_date_is_sent_exactly_once_across_a_restart()
    {
        await using var h = await EngineHarness.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 9, 7, 29, 0, TimeSpan.Zero));
        await h.Store.SaveScheduleAsync(Schedule("ada", "08:30", "Europe/London"));
        (DailyPromptScheduler first, RecordingSender firstSender) = Scheduler(h.Store, time);
        await RunMinutesAsync(first, time, time.GetUtcNow().AddMinutes(5));
        Assert.Single(firstSender.Sent);

        // "restart": a new scheduler and a new store object on the same file, a few minutes later
        using var reopened = new SqliteCoachStore($"Data Source={h.DatabasePath}", NullLogger<SqliteCoachStore>.Instance);
        await reopened.InitializeAsync();
        (DailyPromptScheduler second, RecordingSender secondSender) = Scheduler(reopened, time);
        await RunMinutesAsync(second, time, time.GetUtcNow().AddHours(4));
        Assert.Empty(secondSender.Sent);
    }

    [Fact]
    public async Task After_downtime_a_prompt_under_three_hours_late_is_sent_and_an_older_one_is_skipped()
    {
        await using var h = await EngineHarness.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 9, 10, 29, 0, TimeSpan.Zero)); // 11:29 BST
        await h.Store.SaveScheduleAsync(Schedule("late", "08:30", "Europe/London"));   // due 2 h 59 min ago
        await h.Store.SaveScheduleAsync(Schedule("stale", "08:25", "Europe/London"));  // due 3 h 4 min ago
        (DailyPromptScheduler scheduler, RecordingSender sender) = Scheduler(h.Store, time);
        Assert.Equal(1, await scheduler.RunDueAsync());
        Assert.Equal("late", Assert.Single(sender.Sent).Message.User);
        await RunMinutesAsync(scheduler, time, time.GetUtcNow().AddHours(10));
        Assert.Single(sender.Sent); // the stale one never comes
    }

    [Fact]
    public async Task A_failed_send_is_retried_within_the_window()
    {
        await using var h = await EngineHarness.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 9, 7, 30, 0, TimeSpan.Zero));
        await h.Store.SaveScheduleAsync(Schedule("ada", "08:30", "Europe/London"));
        (DailyPromptScheduler scheduler, RecordingSender sender) = Scheduler(h.Store, time);
        int calls = 0;
        sender.Fail = () => ++calls <= 2;
        await RunMinutesAsync(scheduler, time, time.GetUtcNow().AddMinutes(10));
        var sent = Assert.Single(sender.Sent);
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 7, 32, 0, TimeSpan.Zero), sent.At);
    }

    [Fact]
    public async Task Only_scheduled_weekdays_get_a_prompt()
    {
        await using var h = await EngineHarness.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 8, 0, 0, 0, TimeSpan.Zero)); // Monday
        DailySchedule schedule = Schedule("ada", "09:00", "Etc/UTC", DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday);
        await h.Store.SaveScheduleAsync(schedule);
        (DailyPromptScheduler scheduler, RecordingSender sender) = Scheduler(h.Store, time);
        await RunMinutesAsync(scheduler, time, time.GetUtcNow().AddDays(7));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], sender.Sent.Select(s => s.At.DayOfWeek).ToArray());
    }

    [Fact]
    public async Task The_question_is_adaptive_and_never_one_answered_in_the_last_30_days()
    {
        await using var h = await EngineHarness.StartAsync();
        var ada = new PersonKey(Platforms.Slack, "T1", "ada");
        var bank = Coach.Core.Rubric.QuestionBank.Default;
        // ada has good answers for fifteen principles; only Frugality lacks one
        foreach (var p in bank.Principles.Where(p => p.Id != "frugality"))
        {
            Coach.Core.Rubric.Question q = bank.For(p.Id).First();
            await h.Store.CommitAsync(new Commit(ada, null, h.Time.GetUtcNow(), NewStory: new StoryRecord(
                Random.Shared.NextInt64(1, long.MaxValue), ada, p.Id, q.Id, q.Text, Coach.Core.Rubric.Level.L6,
                new Coach.Core.Rubric.StarAnswer("s", "t", "a", "r"), Coach.Core.Rubric.ReadsAs.L6, Coach.Core.Rubric.Fit.OnTarget, 1,
                Enum.GetValues<Coach.Core.Rubric.Dimension>().ToDictionary(d => d, d => d == Coach.Core.Rubric.Dimension.Stakeholders ? Coach.Core.Rubric.Band.BelowL6 : Coach.Core.Rubric.Band.L6),
                h.Time.GetUtcNow().AddDays(-3))));
        }
        // and one recent Frugality answer that did not read at L6, to a question that must not come back
        Coach.Core.Rubric.Question recent = bank.For("frugality").First();
        await h.Store.CommitAsync(new Commit(ada, null, h.Time.GetUtcNow(), NewStory: new StoryRecord(
            7, ada, "frugality", recent.Id, recent.Text, Coach.Core.Rubric.Level.L6, new Coach.Core.Rubric.StarAnswer("s", "t", "a", "r"),
            Coach.Core.Rubric.ReadsAs.BelowL6, Coach.Core.Rubric.Fit.ThinkingTooSmall, 0, new Dictionary<Coach.Core.Rubric.Dimension, Coach.Core.Rubric.Band>(),
            h.Time.GetUtcNow().AddDays(-10))));

        var time = new FakeTimeProvider(h.Time.GetUtcNow());
        DailySchedule schedule = Schedule("ada", time.GetUtcNow().AddMinutes(1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), "Etc/UTC");
        await h.Store.SaveScheduleAsync(schedule);
        (DailyPromptScheduler scheduler, RecordingSender sender) = Scheduler(h.Store, time);
        await RunMinutesAsync(scheduler, time, time.GetUtcNow().AddMinutes(3));
        Outgoing prompt = Assert.Single(sender.Sent).Message;
        string questionId = prompt.Buttons![0].Value!.Split('|')[1];
        Assert.StartsWith("frugality-", questionId, StringComparison.Ordinal);
        Assert.NotEqual(recent.Id, questionId);
        Assert.Contains(prompt.Card!.Fields, f => f.Name == "Your focus" && f.Value.Contains("Stakeholders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Daily_commands_set_show_and_turn_off_a_schedule_and_the_streak_counts_scheduled_days()
    {
        await using var h = await EngineHarness.StartAsync();
        var set = Assert.Single(await h.SayAsync("daily 8:30 Europe/London weekdays"));
        Assert.Contains("Daily prompt set for you: 08:30 Europe/London, weekdays", set.Text, StringComparison.Ordinal);
        Assert.Contains("from now", set.Text, StringComparison.Ordinal);

        var bad = Assert.Single(await h.SayAsync("daily 8:30 London"));
        Assert.Contains("isn't an IANA time zone", bad.Text, StringComparison.Ordinal);
        var badTime = Assert.Single(await h.SayAsync("daily 25:99 Europe/London"));
        Assert.Contains("isn't a time", badTime.Text, StringComparison.Ordinal);

        // three scheduled days answered in a row
        string id = DailySchedule.IdFor(Platforms.Console, "local", "", "ada");
        DailySchedule schedule = (await h.Store.GetScheduleAsync(id))!;
        var sender = new RecordingSender { Time = h.Time };
        var scheduler = new DailyPromptScheduler(h.Store, h.Store, [new ConsoleLike(sender)], h.Time, NullLogger<DailyPromptScheduler>.Instance);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 3, 4, 8, 29, 0, TimeSpan.Zero)); // Wednesday 08:29 GMT
        for (int day = 0; day < 3; day++)
        {
            await RunMinutesAsync(scheduler, h.Time, h.Time.GetUtcNow().AddMinutes(2));
            string value = sender.Sent[^1].Message.Buttons![0].Value!;
            var start = await h.Engine.HandleAsync(new Incoming(Platforms.Console, "local", "console", null, "ada", $"d{day}", h.Time.GetUtcNow(),
                IncomingKind.Button, ActionId: "coach:daily", ActionValue: value, IsDirect: true));
            Assert.Contains("practice", start[0].Text, StringComparison.Ordinal);
            foreach (string part in (string[])[EngineTests.Situation, EngineTests.Task, EngineTests.Action, EngineTests.Result])
            {
                await h.SayAsync(part);
            }
            await h.SayAsync("stop");
            h.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2));
        }
        var status = Assert.Single(await h.SayAsync("daily status"));
        Assert.Contains("3rd day in a row", status.Text, StringComparison.Ordinal);
        Assert.Equal(3, sender.Sent.Count);
        Assert.True(schedule.Days.Count == 5);

        var off = Assert.Single(await h.SayAsync("daily off"));
        Assert.Contains("are off", off.Text, StringComparison.Ordinal);
        Assert.Null(await h.Store.GetScheduleAsync(id));
    }

    [Fact]
    public async Task A_channel_schedule_needs_manage_rights()
    {
        await using var h = await EngineHarness.StartAsync();
        Incoming In(bool canManage) => new(Platforms.Slack, "T1", "C1", null, "ada", Guid.NewGuid().ToString(), h.Time.GetUtcNow(),
            IncomingKind.Command, Text: "channel 09:00 America/New_York mon-fri", Command: "daily", CanManage: canManage);
        var refused = Assert.Single(await h.Engine.HandleAsync(In(false)));
        Assert.Contains("Only members who can manage this channel", refused.Text, StringComparison.Ordinal);
        var ok = Assert.Single(await h.Engine.HandleAsync(In(true)));
        Assert.Contains("Daily prompt set for this channel", ok.Text, StringComparison.Ordinal);
        Assert.Equal(Visibility.Channel, ok.Visibility);
        Assert.NotNull(await h.Store.GetScheduleAsync(DailySchedule.IdFor(Platforms.Slack, "T1", "C1", null)));
    }

    /// <summary>Sends console schedules through a recording sender.</summary>
    private sealed class ConsoleLike(RecordingSender inner) : IProactiveSender
    {
        public string Platform => Platforms.Console;
        public Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default) => inner.SendAsync(workspace, message, cancellationToken);
    }
}
