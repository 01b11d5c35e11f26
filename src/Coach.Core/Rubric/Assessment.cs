namespace Coach.Core.Rubric;

/// <summary>The band one dimension shows, with the words that show it.</summary>
/// <param name="Evidence">The person's own words that decided the band (null when not shown).</param>
/// <param name="Note">One short line on why this band.</param>
public sealed record DimensionResult(Dimension Dimension, string Name, Band Band, string? Evidence, string Note);

public enum TimingStatus
{
    Missing,
    TooShort,
    InWindow,
    TooLong,
}

public sealed record PartTiming(StarPart Part, int Words, int Seconds, TimeWindow Window, TimingStatus Status);

public sealed record TimingResult(IReadOnlyList<PartTiming> Parts, int TotalSeconds, TimeWindow TotalWindow, TimingStatus TotalStatus)
{
    public PartTiming this[StarPart part] => Parts[(int)part];
}

public sealed record StructureCheck(string Id, bool Passed, string Message);

public sealed record RedFlag(string Id, string Direction, string Text, string? Evidence);

/// <summary>A follow-up question a bar raiser would ask, and why.</summary>
public sealed record Probe(string Question, string Because);

/// <summary>Everything the rubric concludes about one answer at one target level.</summary>
public sealed record Assessment(
    Level Target,
    string? Principle,
    ReadsAs ReadsAs,
    double Score,
    Fit Fit,
    IReadOnlyList<DimensionResult> Dimensions,
    IReadOnlyList<Signal> Signals,
    IReadOnlyList<RedFlag> RedFlags,
    TimingResult Timing,
    IReadOnlyList<StructureCheck> Structure,
    IReadOnlyList<Probe> Probes,
    IReadOnlyList<string> Changes,
    double FirstPersonShare,
    double StrategyShare)
{
    public DimensionResult this[Dimension dimension] => Dimensions[(int)dimension];

    /// <summary>The biggest annual impact claimed, in dollars (0 when none).</summary>
    public double ImpactDollars { get; init; }

    /// <summary>Whom the candidate led or answered for: the scope that holds the level.</summary>
    public Role Role { get; init; } = new(RoleScope.Individual, "an individual contributor's story: no one you led is named", null);

    /// <summary>True when the role holds the level below what the other evidence shows (always for an individual's story).</summary>
    public bool HeldByRole { get; init; }
}
