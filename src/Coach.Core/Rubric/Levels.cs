namespace Coach.Core.Rubric;

/// <summary>The level a person is aiming for.</summary>
public enum Level
{
    L6 = 6,
    L7 = 7,
}

/// <summary>What one dimension of an answer shows.</summary>
public enum Band
{
    NotShown,
    BelowL6,
    L6,
    L7,
}

/// <summary>The level the whole answer reads as.</summary>
public enum ReadsAs
{
    BelowL6,
    L6,
    BetweenL6L7,
    L7,
}

/// <summary>How the answer sits against the target level.</summary>
public enum Fit
{
    OnTarget,
    ReachingTooHigh,
    ThinkingTooSmall,
}

public enum StarPart
{
    Situation,
    Task,
    Action,
    Result,
}

/// <summary>The four parts in order, without allocating a new array each time.</summary>
public static class StarParts
{
    public static readonly StarPart[] All = [StarPart.Situation, StarPart.Task, StarPart.Action, StarPart.Result];
}

public enum Dimension
{
    Impact,
    Stakes,
    People,
    Teams,
    Horizon,
    Ownership,
    Stakeholders,
    Visibility,
    Hiring,
}

/// <summary>The stable words used in JSON output, commands and seeds.</summary>
public static class RubricWords
{
    public static string Id(this Band band) => band switch
    {
        Band.NotShown => "not shown",
        Band.BelowL6 => "below L6",
        Band.L6 => "L6",
        _ => "L7",
    };

    public static string Id(this ReadsAs readsAs) => readsAs switch
    {
        ReadsAs.BelowL6 => "below-L6",
        ReadsAs.L6 => "L6",
        ReadsAs.BetweenL6L7 => "between-L6-L7",
        _ => "L7",
    };

    public static string Human(this ReadsAs readsAs) => readsAs switch
    {
        ReadsAs.BelowL6 => "below L6",
        ReadsAs.L6 => "L6",
        ReadsAs.BetweenL6L7 => "between L6 and L7",
        _ => "L7",
    };

    public static string Id(this Fit fit) => fit switch
    {
        Fit.OnTarget => "on-target",
        Fit.ReachingTooHigh => "reaching-too-high",
        _ => "thinking-too-small",
    };

    public static string Human(this Fit fit) => fit switch
    {
        Fit.OnTarget => "on target",
        Fit.ReachingTooHigh => "reaching too high",
        _ => "thinking too small",
    };

    public static string Id(this StarPart part) => part switch
    {
        StarPart.Situation => "situation",
        StarPart.Task => "task",
        StarPart.Action => "action",
        _ => "result",
    };

    public static string Id(this Dimension dimension) => dimension switch
    {
        Dimension.Impact => "impact",
        Dimension.Stakes => "stakes",
        Dimension.People => "people",
        Dimension.Teams => "teams",
        Dimension.Horizon => "horizon",
        Dimension.Ownership => "ownership",
        Dimension.Stakeholders => "stakeholders",
        Dimension.Visibility => "visibility",
        _ => "hiring",
    };

    public static bool TryParseLevel(string? text, out Level level)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "L6" or "6" or "SDM" or "EM":
                level = Level.L6;
                return true;
            case "L7" or "7" or "SR" or "SENIOR":
                level = Level.L7;
                return true;
            default:
                level = default;
                return false;
        }
    }

    public static bool TryParseDimension(string? text, out Dimension dimension)
    {
        string key = (text ?? "").Trim().ToLowerInvariant();
        foreach (Dimension d in Enum.GetValues<Dimension>())
        {
            if (d.Id() == key || d.ToString().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                dimension = d;
                return true;
            }
        }
        dimension = key switch
        {
            "money" or "dollars" or "revenue" => Dimension.Impact,
            "risk" or "failure" => Dimension.Stakes,
            "engineers" or "influence" or "org" or "scope" => Dimension.People,
            "coordination" or "cross-team" => Dimension.Teams,
            "planning" or "time" => Dimension.Horizon,
            "technical" or "tech" or "platform" => Dimension.Ownership,
            "executives" or "stakeholder" => Dimension.Stakeholders,
            "external" or "industry" => Dimension.Visibility,
            "hire" or "recruiting" => Dimension.Hiring,
            _ => (Dimension)(-1),
        };
        return (int)dimension >= 0;
    }
}
