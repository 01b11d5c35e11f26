using Coach.Core.Conversation;
using Humanizer;

namespace Coach.Core.Rubric;

public sealed record FeedbackLine(string Dimension, string Band, string Note, string? Quote);

/// <summary>The platform-neutral feedback on one answer: what every transport renders.</summary>
public sealed record FeedbackDocument(
    string Headline,
    Tone Tone,
    string Summary,
    IReadOnlyList<FeedbackLine> Dimensions,
    IReadOnlyList<string> Changes,
    IReadOnlyList<CardBar> Timing,
    string TimingCaption,
    IReadOnlyList<string> RedFlags,
    IReadOnlyList<string> Probes,
    string? PrincipleFocus)
{
    public Card ToCard() => new(
        Headline,
        Tone,
        Summary,
        [.. Dimensions.Select(d => new CardField($"{d.Dimension}: {d.Band}", d.Note, d.Quote))],
        Timing,
        [
            .. Changes.Count > 0 ? [new CardList("What would move it most", Changes)] : Array.Empty<CardList>(),
            .. RedFlags.Count > 0 ? [new CardList("Red flags", RedFlags)] : Array.Empty<CardList>(),
            .. Probes.Count > 0 ? [new CardList("A bar raiser would ask", Probes)] : Array.Empty<CardList>(),
        ],
        string.IsNullOrEmpty(PrincipleFocus) ? TimingCaption : TimingCaption + "\n" + PrincipleFocus);
}

public static class FeedbackWriter
{
    public static FeedbackDocument Write(Assessment a, string? principleFocus = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        string target = a.Target.ToString();
        string headline = $"Reads as {a.ReadsAs.Human()}: {a.Fit.Human()} for {target}";
        Tone tone = a.Fit switch
        {
            Fit.OnTarget => Tone.Good,
            Fit.ThinkingTooSmall when a.ReadsAs == ReadsAs.BetweenL6L7 => Tone.Warning,
            Fit.ReachingTooHigh => Tone.Warning,
            _ => Tone.Bad,
        };
        string summary = (a.Fit, a.Target) switch
        {
            (Fit.OnTarget, _) => $"This answer carries {target} scope. The changes below make it sharper.",
            (Fit.ThinkingTooSmall, Level.L7) => $"The scope reads as {a.ReadsAs.Human()}. L7 answers show organisation or platform scope, $10M+ a year of impact, 5+ teams or business units, and reach outside the company.",
            (Fit.ThinkingTooSmall, _) => "There is not yet enough evidence of L6 scope: name the team, the numbers, and the other teams involved.",
            _ => "Some claims go past an L6 role and invite an L7 bar: anchor them in what you measured and what you owned.",
        };
        // the role the rubric read, said aloud: it is the first thing an interviewer reads
        summary = $"Scope read: {a.Role.Read}. {summary}";
        var lines = a.Dimensions
            .Where(d => d.Band != Band.NotShown || Matters(d.Dimension, a.Target))
            .Select(d => new FeedbackLine(d.Name, d.Band.Id(), d.Note, d.Evidence))
            .ToList();
        var bars = a.Timing.Parts
            .Select(p => new CardBar(p.Part.ToString(), p.Seconds, p.Window.MinSeconds, p.Window.MaxSeconds,
                $"{p.Seconds} s ({p.Window.MinSeconds}-{p.Window.MaxSeconds} s){StatusWord(p.Status)}"))
            .ToList();
        string caption = $"Spoken at 150 words a minute: {TimeSpan.FromSeconds(a.Timing.TotalSeconds).Humanize(2, minUnit: TimeUnit.Second)}"
            + $" against {a.Timing.TotalWindow.MinSeconds / 60}-{a.Timing.TotalWindow.MaxSeconds / 60} minutes for {target}.";
        return new FeedbackDocument(headline, tone, summary, lines, a.Changes, bars, caption,
            [.. a.RedFlags.Select(f => f.Evidence is null ? f.Text : $"{f.Text} (\"{f.Evidence}\")")],
            [.. a.Probes.Select(p => p.Question)],
            principleFocus);
    }

    private static bool Matters(Dimension d, Level target) =>
        d is Dimension.Impact or Dimension.Stakes or Dimension.People or Dimension.Teams or Dimension.Ownership or Dimension.Stakeholders
        || (target == Level.L7 && d is Dimension.Horizon or Dimension.Visibility);

    private static string StatusWord(TimingStatus s) => s switch
    {
        TimingStatus.Missing => ", missing",
        TimingStatus.TooShort => ", short",
        TimingStatus.TooLong => ", long",
        _ => "",
    };
}
