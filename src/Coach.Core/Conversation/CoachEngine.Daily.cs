using Coach.Core.Daily;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    private const string DailyUsage =
        "Say `daily 08:30 Europe/London weekdays` (a time, an IANA time zone, and days such as `weekdays`, `daily`, `mon-fri` or `mon,wed,fri`), "
        + "`daily channel 09:00 America/New_York mon-fri` for this channel, `daily status`, or `daily off`.";

    private async Task DailyAsync(Turn turn, string args, CancellationToken ct)
    {
        if (_schedules is null)
        {
            turn.Say(turn.Here("Daily prompts are not set up on this server."));
            return;
        }
        Incoming i = turn.Incoming;
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        bool channel = words.Count > 0 && words[0].Equals("channel", StringComparison.OrdinalIgnoreCase);
        if (channel)
        {
            words.RemoveAt(0);
            if (i.IsDirect)
            {
                turn.Say(turn.Here("Channel prompts are set in the channel itself. Here, `daily 08:30 Europe/London weekdays` sets your own."));
                return;
            }
            if (!i.CanManage)
            {
                turn.Say(turn.Here("Only members who can manage this channel can set its daily prompt. You can set your own with `daily 08:30 Europe/London weekdays`."));
                return;
            }
        }
        string id = DailySchedule.IdFor(i.Platform, i.Workspace, i.Channel, channel ? null : i.User);
        string verb = words.Count == 0 ? "status" : words[0].ToLowerInvariant();
        if (verb is "status" or "show")
        {
            await DailyStatusAsync(turn, id, channel, ct);
            return;
        }
        if (verb is "off" or "stop" or "delete" or "cancel")
        {
            bool deleted = await _schedules.DeleteScheduleAsync(id, ct);
            turn.Say(turn.Here(deleted ? $"Daily prompts {(channel ? "for this channel" : "for you")} are off." : "There was no daily prompt to turn off."));
            return;
        }
        if (!DailyText.TryTime(words[0], out TimeOnly time))
        {
            turn.Say(turn.Here($"“{Trim(words[0], 20)}” isn't a time I can read. {DailyUsage}"));
            return;
        }
        if (words.Count < 2 || !DailyText.TryZone(words[1], out string zone))
        {
            turn.Say(turn.Here($"{(words.Count < 2 ? "I need a time zone too" : $"“{Trim(words[1], 40)}” isn't an IANA time zone")}, such as Europe/London, America/New_York or Asia/Kolkata. {DailyUsage}"));
            return;
        }
        if (!DailyText.TryDays(string.Join(' ', words.Skip(2)), out List<DayOfWeek> days))
        {
            turn.Say(turn.Here($"I can't read the days “{Trim(string.Join(' ', words.Skip(2)), 40)}”. {DailyUsage}"));
            return;
        }
        var schedule = new DailySchedule(id, i.Platform, i.Workspace, channel ? i.Channel : "", channel ? null : i.User, i.User, time, zone, days, turn.Now);
        await _schedules.SaveScheduleAsync(schedule, ct);
        DateTimeOffset next = schedule.NextDue(turn.Now);
        turn.Say(turn.Here($"Daily prompt set {(channel ? "for this channel" : "for you")}: {schedule.Describe()}. "
            + $"The next one arrives {(next - turn.Now).Humanize(2, minUnit: Humanizer.TimeUnit.Minute)} from now ({TimeZoneInfo.ConvertTime(next, schedule.Zone()):ddd d MMM HH:mm} local). "
            + (channel ? "Anyone here can press Start to answer it."
                : Platforms.IsTextOnly(i.Platform) ? "It appears here; say `practice` to answer it." : "It comes to your DMs with a Start button."),
            privateInPublic: !channel));
    }

    private async Task DailyStatusAsync(Turn turn, string id, bool channel, CancellationToken ct)
    {
        DailySchedule? schedule = await _schedules!.GetScheduleAsync(id, ct);
        if (schedule is null)
        {
            turn.Say(turn.Here($"No daily prompt is set {(channel ? "for this channel" : "for you")}. {DailyUsage}"));
            return;
        }
        DateTimeOffset next = schedule.NextDue(turn.Now);
        int streak = await DailyStreakAsync(schedule, turn.Now, ct);
        string streakText = streak == 0 ? "No streak yet." : $"{streak.Ordinalize(English)} day in a row.";
        turn.Say(turn.Here($"Daily prompt {(channel ? "for this channel" : "for you")}: {schedule.Describe()}. Next: {(next - turn.Now).Humanize(2, minUnit: Humanizer.TimeUnit.Minute)} from now. {streakText}"));
    }

    /// <summary>Consecutive scheduled days, newest first, with a finished answer (today's open prompt does not break it).</summary>
    internal async Task<int> DailyStreakAsync(DailySchedule schedule, DateTimeOffset now, CancellationToken ct) =>
        DailyStreak.Count(await _schedules!.ListDeliveriesAsync(schedule.Id, 400, ct), schedule.LocalDate(now));

    private async Task MarkDailyAnsweredAsync(Turn turn, SessionState? before, CancellationToken ct)
    {
        if (_schedules is null)
        {
            return;
        }
        Incoming i = turn.Incoming;
        var ids = new HashSet<string> { DailySchedule.IdFor(i.Platform, i.Workspace, "", i.User) };
        if ((turn.Session ?? before)?.DailyScheduleId is { } fromPrompt)
        {
            ids.Add(fromPrompt);
        }
        foreach (string id in ids)
        {
            DailySchedule? schedule = await _schedules.GetScheduleAsync(id, ct);
            if (schedule is not null)
            {
                await _schedules.MarkAnsweredAsync(id, schedule.LocalDate(turn.Now), ct);
            }
        }
    }

    /// <summary>The Start button of a daily prompt: <c>coach:daily:{scheduleId}|{questionId}</c>.</summary>
    private Task StartFromDailyAsync(Turn turn, string? value, CancellationToken ct)
    {
        string[] parts = (value ?? "").Split('|');
        string? scheduleId = parts.Length > 0 && parts[0].Length > 0 ? parts[0] : null;
        string? questionId = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        return StartPracticeAsync(turn, "", ct, questionId, scheduleId);
    }
}
