namespace Coach.Core.Rubric;

public enum SignalKind
{
    Money,
    Count,
    Duration,
    Horizon,
    Stakeholder,
    Scope,
    Visibility,
    IndustryClaim,
    Percent,
    Ratio,
    BeforeAfter,
    Attribution,
    Lesson,
    FirstPerson,
    FirstPersonPlural,
    Strategy,
    Execution,
    BusinessContext,
    Authority,
    Hiring,
    Coordination,
    /// <summary>The candidate leads people: a title, a lead verb on a team, "my engineers", a hire; Value is the headcount when given.</summary>
    Leadership,
    /// <summary>A manager's duty named: morale, one-on-ones, a timeline or roadmap negotiated, priorities set.</summary>
    ManagerDuty,
    /// <summary>A short time measured in the Result: "p99 was 400 ms", "recovery takes 20 minutes" (Value as said, in its unit).</summary>
    Measure,
    /// <summary>The candidate names an individual contributor's role as their own: "as a new grad", "I was a senior software engineer".</summary>
    IndividualRole,
}

/// <summary>Whose a count is: people and teams the candidate led, or people and teams that used or were served by the work.</summary>
public enum Relation
{
    Unstated,
    Led,
    Served,
}

public enum MoneyRole
{
    Impact,
    Stakes,
    Budget,
    /// <summary>The size of the business around the story ("a $2B company"), neither at stake nor gained.</summary>
    Context,
    /// <summary>A total the candidate says is not what the work did ("I can't claim the $45M", "the $900M is the whole flow, not what
    /// we moved"), wherever the answer gives it.</summary>
    Disowned,
}

public enum Period
{
    Unspecified,
    Annual,
    Monthly,
    Quarterly,
    Weekly,
    Daily,
    OneOff,
}

public enum CountCategory
{
    None,
    Engineers,
    Managers,
    DirectReports,
    Teams,
    BusinessUnits,
    Partners,
    Users,
    Services,
    Regions,
    Hires,
}

/// <summary>One piece of evidence, kept with the sentence it came from so feedback can quote it.</summary>
/// <param name="Match">The words that produced the signal.</param>
/// <param name="Value">Money in dollars (converted from the currency written), a count, a duration in months, a percentage; 0 where it has no value.</param>
/// <param name="Level">For scope, stakeholder, horizon and coordination words: the band the words suggest.</param>
/// <param name="Relation">For counts and coordination: whether the candidate led them or they used the work.</param>
/// <param name="Share">For counts: a share of the candidate's people ("two of my engineers"), so the whole is larger.</param>
/// <param name="Currency">For money: the currency it was written in ("£4M" stays pounds when restated); <see cref="Value"/> is in dollars.</param>
public sealed record Signal(
    SignalKind Kind,
    StarPart Part,
    string Sentence,
    string Match,
    double Value = 0,
    MoneyRole? Role = null,
    Period Period = Period.Unspecified,
    CountCategory Category = CountCategory.None,
    Band Level = Band.NotShown,
    bool Inferred = false,
    Relation Relation = Relation.Unstated,
    bool Share = false,
    Currency? Currency = null)
{
    /// <summary>The currency money was written in: dollars unless another was named.</summary>
    public Currency Written => Currency ?? Rubric.Currency.Usd;

    /// <summary>Money over a year: monthly × 12, daily × 365; one-off and unspecified amounts as written.</summary>
    public double Annualized => Period switch
    {
        Period.Monthly => Value * 12,
        Period.Quarterly => Value * 4,
        Period.Weekly => Value * 52,
        Period.Daily => Value * 365,
        _ => Value,
    };
}
