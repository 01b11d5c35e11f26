using Coach.Core.Conversation;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Daily;

/// <summary>
/// Sends each daily prompt once per (schedule, local date): at its time, or up to three hours late after downtime; older ones are skipped.
/// The claim in the store makes it exactly once across restarts and replicas.
/// </summary>
public sealed class DailyPromptScheduler
{
    public static readonly TimeSpan CatchUp = TimeSpan.FromHours(3);
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    private readonly IScheduleStore _schedules;
    private readonly ICoachStore _store;
    private readonly Dictionary<string, IProactiveSender> _senders;
    private readonly TimeProvider _time;
    private readonly ILogger<DailyPromptScheduler> _logger;
    private readonly QuestionPicker _picker = new(QuestionBank.Default, RubricData.Default);

    public DailyPromptScheduler(IScheduleStore schedules, ICoachStore store, IEnumerable<IProactiveSender> senders, TimeProvider time, ILogger<DailyPromptScheduler> logger)
    {
        _schedules = schedules;
        _store = store;
        _senders = senders.ToDictionary(s => s.Platform);
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends every prompt that is due now; returns how many were sent.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int sent = 0;
        foreach (DailySchedule schedule in await _schedules.ListSchedulesAsync(cancellationToken))
        {
            if (!_senders.TryGetValue(schedule.Platform, out IProactiveSender? sender))
            {
                continue; // another worker serves that platform
            }
            DateOnly today;
            try
            {
                today = schedule.LocalDate(now);
            }
            catch (TimeZoneNotFoundException)
            {
                _logger.LogWarning("Schedule {Schedule} names an unknown time zone", schedule.Id);
                continue;
            }
            foreach (DateOnly date in (DateOnly[])[today.AddDays(-1), today])
            {
                if (!schedule.IsScheduled(date))
                {
                    continue;
                }
                DateTimeOffset due = schedule.DueUtc(date);
                if (due > now || now - due >= CatchUp)
                {
                    continue;
                }
                if (await SendAsync(schedule, date, sender, now, cancellationToken))
                {
                    sent++;
                }
            }
        }
        return sent;
    }

    private async Task<bool> SendAsync(DailySchedule schedule, DateOnly date, IProactiveSender sender, DateTimeOffset now, CancellationToken ct)
    {
        (Question question, string? tip, Level target, int streak) = await ChooseAsync(schedule, now, ct);
        if (!await _schedules.ClaimDeliveryAsync(schedule.Id, date, now, question.Id, ct))
        {
            return false; // already sent, here or by another worker
        }
        Outgoing prompt = Prompt(schedule, question, tip, target, streak);
        try
        {
            await sender.SendAsync(schedule.Workspace, prompt, ct);
            CoachMetrics.DailyPromptsSent.Add(1, new KeyValuePair<string, object?>("platform", schedule.Platform));
            _logger.LogInformation("Sent the daily prompt of {Schedule} for {Date}", schedule.Id, date);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Sending the daily prompt of {Schedule} failed; it will be retried within the catch-up window", schedule.Id);
            await _schedules.ReleaseDeliveryAsync(schedule.Id, date, ct);
            return false;
        }
    }

    private async Task<(Question, string?, Level, int)> ChooseAsync(DailySchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<DailyDelivery> deliveries = await _schedules.ListDeliveriesAsync(schedule.Id, 400, ct);
        var recentPrompts = deliveries
            .Where(d => d.QuestionId is not null && now - d.SentAt < QuestionPicker.RecentWindow)
            .Select(d => d.QuestionId!)
            .ToList();
        IReadOnlyList<StoryRecord> stories = [];
        Level target = Level.L6;
        if (schedule.Person is { } person)
        {
            var key = new PersonKey(schedule.Platform, schedule.Workspace, person);
            stories = await _store.ListStoriesAsync(key, ct);
            target = (await _store.LoadAsync(key, ct)).Settings.Target;
        }
        (Question q, string? tip) = _picker.Pick(null, target, stories, schedule.Id, now, recentPrompts);
        return (q, tip, target, DailyStreak.Count(deliveries, schedule.LocalDate(now)));
    }

    public static Outgoing Prompt(DailySchedule schedule, Question question, string? tip, Level target, int streak)
    {
        PrincipleInfo p = QuestionBank.Default.FindPrinciple(question.Principle)!;
        var fields = new List<CardField> { new($"What a strong {target} answer holds", question.Looks(target)) };
        if (tip is not null)
        {
            fields.Add(new CardField("Your focus", tip));
        }
        string streakText = streak > 0
            ? $"{(schedule.ForChannel ? "This channel is on its" : "You're on your")} {streak.Ordinalize(System.Globalization.CultureInfo.GetCultureInfo("en-US"))} day in a row. Keep it going."
            : "Answer today to start a streak.";
        var card = new Card(question.Text, Tone.Neutral, $"Today's question · {p.Name}", fields, [], [new CardList("Interviewers listen for", question.Signals)], streakText);
        var start = new ActionButton("coach:daily", "Start", ButtonStyle.Primary, CoachEngineDaily.Value(schedule.Id, question.Id));
        return schedule.Person is { } person
            ? new Outgoing(Visibility.Direct, "", null, person, "Your daily practice question is here.", card, [start])
            : new Outgoing(Visibility.Channel, schedule.Channel, null, schedule.Owner, "Today's practice question. Press Start to answer it in your own thread.", card, [start]);
    }

    /// <summary>Runs until stopped: sleeps until the next prompt is due (at most a minute), then sends what is due.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "The daily prompt pass failed; the next pass retries");
            }
            DateTimeOffset now = _time.GetUtcNow();
            TimeSpan sleep = MaxSleep - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerMinute) + TimeSpan.FromSeconds(1);
            await Task.Delay(sleep > MaxSleep ? MaxSleep : sleep, _time, stoppingToken);
        }
    }
}

/// <summary>Consecutive scheduled days with a finished answer, newest first; today's prompt, still open, does not break it.</summary>
public static class DailyStreak
{
    public static int Count(IReadOnlyList<DailyDelivery> newestFirst, DateOnly today)
    {
        int streak = 0;
        foreach (DailyDelivery d in newestFirst)
        {
            if (!d.Answered && d.LocalDate == today && streak == 0)
            {
                continue;
            }
            if (!d.Answered)
            {
                break;
            }
            streak++;
        }
        return streak;
    }
}

/// <summary>The value carried by a daily prompt's Start button.</summary>
public static class CoachEngineDaily
{
    public static string Value(string scheduleId, string questionId) => $"{scheduleId}|{questionId}";
}
