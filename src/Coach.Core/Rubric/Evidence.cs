using System.Globalization;

namespace Coach.Core.Rubric;

/// <summary>Index over the signals of one answer: each kind's signals in one list, so each question scans only its own.</summary>
internal sealed class Evidence
{
    private static readonly List<Signal> None = [];
    private readonly List<Signal>?[] _byKind = new List<Signal>?[Enum.GetValues<SignalKind>().Length];

    public Evidence(List<Signal> signals)
    {
        Signals = signals;
        // each kind's list made at its final size: growing them one signal at a time cost more than the index saves
        Span<int> counts = stackalloc int[_byKind.Length];
        foreach (Signal s in signals)
        {
            counts[(int)s.Kind]++;
        }
        foreach (Signal s in signals)
        {
            (_byKind[(int)s.Kind] ??= new List<Signal>(counts[(int)s.Kind])).Add(s);
        }
    }

    public List<Signal> Signals { get; }

    public List<Signal> Of(SignalKind kind) => _byKind[(int)kind] ?? None;

    /// <summary>True when the Action or Result says how a figure was measured (baseline, A/B, finance...).</summary>
    public bool Attributed => Any(SignalKind.Attribution, s => s.Part is StarPart.Result or StarPart.Action);

    public IEnumerable<Signal> Money(MoneyRole role) => Of(SignalKind.Money).Where(s => s.Role == role);

    public IEnumerable<Signal> Counts(CountCategory category) => Of(SignalKind.Count).Where(s => s.Category == category);

    public bool Any(Func<Signal, bool> predicate) => Signals.Any(predicate);

    public bool Any(SignalKind kind, Func<Signal, bool> predicate) => Of(kind).Any(predicate);

    public Signal? First(Func<Signal, bool> predicate) => Signals.FirstOrDefault(predicate);

    public Signal? First(SignalKind kind, Func<Signal, bool> predicate) => Of(kind).FirstOrDefault(predicate);

    public int Count(SignalKind kind) => Of(kind).Count;

    public double Sum(SignalKind kind)
    {
        double total = 0;
        foreach (Signal s in Of(kind))
        {
            total += s.Value;
        }
        return total;
    }
}

/// <summary>Money as people write it: $890K, $1.8M, $2.3B.</summary>
public static class Money
{
    public static string Format(double amount) => Currency.Usd.Format(amount);
}

/// <summary>Short quotes of the person's own words.</summary>
internal static class Quote
{
    private const int MaxLength = 160;

    public static string Of(Signal s)
    {
        string sentence = s.Sentence.Trim().TrimEnd('.', ';');
        if (sentence.Length <= MaxLength)
        {
            return sentence;
        }
        int at = sentence.IndexOf(s.Match, StringComparison.Ordinal);
        if (at < 0)
        {
            return sentence[..(MaxLength - 1)].TrimEnd() + "…";
        }
        int start = Math.Max(0, at - (MaxLength - s.Match.Length) / 2);
        int end = Math.Min(sentence.Length, start + MaxLength);
        start = Math.Max(0, end - MaxLength);
        // widen to word boundaries
        while (start > 0 && !char.IsWhiteSpace(sentence[start - 1]))
        {
            start--;
        }
        while (end < sentence.Length && !char.IsWhiteSpace(sentence[end]))
        {
            end++;
        }
        return (start > 0 ? "…" : "") + sentence[start..end].Trim() + (end < sentence.Length ? "…" : "");
    }
}
