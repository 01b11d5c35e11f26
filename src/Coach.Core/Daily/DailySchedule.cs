using System.Globalization;

namespace Coach.Core.Daily;

/// <summary>A daily practice prompt: for one person (in their DM) or for a channel, at a local time in an IANA zone on chosen weekdays.</summary>
public sealed record DailySchedule(
    string Id,
    string Platform,
    string Workspace,
    string Channel,
    string? Person,
    string Owner,
    TimeOnly LocalTime,
    string TimeZone,
    IReadOnlyList<DayOfWeek> Days,
    DateTimeOffset CreatedAt)
{
    public bool ForChannel => Person is null;

    public static string IdFor(string platform, string workspace, string channel, string? person) =>
        person is null ? $"{platform}:{workspace}:channel:{channel}" : $"{platform}:{workspace}:person:{person}";

    /// <summary>When the prompt for a local date is due, in UTC. A local time that DST skips moves forward by the gap; a repeated one takes its first occurrence.</summary>
    public DateTimeOffset DueUtc(DateOnly localDate)
    {
        TimeZoneInfo tz = Zone();
        DateTime local = localDate.ToDateTime(LocalTime, DateTimeKind.Unspecified);
        if (tz.IsInvalidTime(local))
        {
            // spring forward: 02:30 does not exist; take the same distance past the jump
            TimeSpan gap = tz.GetUtcOffset(local.AddHours(3)) - tz.GetUtcOffset(local.AddHours(-3));
            local = local.Add(gap);
        }
        if (tz.IsAmbiguousTime(local))
        {
            TimeSpan[] offsets = tz.GetAmbiguousTimeOffsets(local);
            TimeSpan first = offsets.Max(); // the earlier instant has the larger offset (still on summer time)
            return new DateTimeOffset(local, first).ToUniversalTime();
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, tz), TimeSpan.Zero);
    }

    public DateOnly LocalDate(DateTimeOffset utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Zone()).DateTime);

    public bool IsScheduled(DateOnly date) => Days.Contains(date.DayOfWeek);

    /// <summary>The next due instant strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextDue(DateTimeOffset after)
    {
        DateOnly date = LocalDate(after).AddDays(-1);
        for (int i = 0; i < 10; i++, date = date.AddDays(1))
        {
            if (IsScheduled(date) && DueUtc(date) > after)
            {
                return DueUtc(date);
            }
        }
        return after.AddDays(7);
    }

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public string DaysText() => DailyText.Days(Days);

    public string Describe() => $"{LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture)} {TimeZone}, {DaysText()}";
}

/// <summary>Reads and writes the words of <c>daily</c>: times, zones and weekdays.</summary>
public static class DailyText
{
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static bool TryTime(string text, out TimeOnly time)
    {
        string t = text.Trim().ToLowerInvariant();
        bool pm = t.EndsWith("pm", StringComparison.Ordinal), am = t.EndsWith("am", StringComparison.Ordinal);
        if (pm || am)
        {
            t = t[..^2].Trim();
        }
        string[] formats = ["H:mm", "HH:mm", "%H", "HH", "H.mm", "HHmm"];
        if (!TimeOnly.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return false;
        }
        if (pm || am)
        {
            if (time.Hour is 0 or > 12)
            {
                return false;
            }
            int hour = time.Hour % 12 + (pm ? 12 : 0);
            time = new TimeOnly(hour, time.Minute);
        }
        return true;
    }

    public static bool TryZone(string text, out string zone)
    {
        zone = text.Trim();
        if (zone.Equals("utc", StringComparison.OrdinalIgnoreCase) || zone.Equals("gmt", StringComparison.OrdinalIgnoreCase))
        {
            zone = "Etc/UTC";
            return true;
        }
        if (!zone.Contains('/', StringComparison.Ordinal))
        {
            return false; // only IANA names ("Europe/London"), so the zone is unambiguous
        }
        try
        {
            TimeZoneInfo tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            zone = tz.HasIanaId ? tz.Id : zone;
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>"weekdays", "daily", "weekends", "mon-fri", "mon,wed,fri", "tue thu".</summary>
    public static bool TryDays(string text, out List<DayOfWeek> days)
    {
        days = [];
        string t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "" or "weekdays" or "workdays":
                days = [.. Week[..5]];
                return true;
            case "daily" or "everyday" or "every-day" or "all":
                days = [.. Week];
                return true;
            case "weekends" or "weekend":
                days = [DayOfWeek.Saturday, DayOfWeek.Sunday];
                return true;
        }
        foreach (string piece in t.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = piece.Split('-');
            if (range.Length == 2 && Day(range[0]) is { } a && Day(range[1]) is { } b)
            {
                int i = Array.IndexOf(Week, a), j = Array.IndexOf(Week, b);
                for (int k = i; ; k = (k + 1) % 7)
                {
                    days.Add(Week[k]);
                    if (k == j)
                    {
                        break;
                    }
                }
            }
            else if (range.Length == 1 && Day(piece) is { } d)
            {
                days.Add(d);
            }
            else
            {
                return false;
            }
        }
        days = [.. days.Distinct().OrderBy(d => Array.IndexOf(Week, d))];
        return days.Count > 0;
    }

    private static DayOfWeek? Day(string s) => s.Length < 2 ? null : Week.Cast<DayOfWeek?>().FirstOrDefault(d => d!.Value.ToString().StartsWith(s, StringComparison.OrdinalIgnoreCase));

    public static string Days(IReadOnlyList<DayOfWeek> days)
    {
        if (days.Count == 7)
        {
            return "every day";
        }
        if (days.Count == 5 && Week[..5].All(days.Contains))
        {
            return "weekdays";
        }
        if (days.Count == 2 && days.Contains(DayOfWeek.Saturday) && days.Contains(DayOfWeek.Sunday))
        {
            return "weekends";
        }
        return string.Join(", ", Week.Where(days.Contains).Select(d => d.ToString()[..3]));
    }
}
