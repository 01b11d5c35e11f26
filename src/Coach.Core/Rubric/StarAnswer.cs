namespace Coach.Core.Rubric;

/// <summary>One STAR answer. Parts may be empty (a missing part is a structure finding, not an error).</summary>
public sealed record StarAnswer(string Situation, string Task, string Action, string Result)
{
    public static StarAnswer Empty { get; } = new("", "", "", "");

    public string this[StarPart part] => part switch
    {
        StarPart.Situation => Situation,
        StarPart.Task => Task,
        StarPart.Action => Action,
        _ => Result,
    };

    public StarAnswer With(StarPart part, string text) => part switch
    {
        StarPart.Situation => this with { Situation = text },
        StarPart.Task => this with { Task = text },
        StarPart.Action => this with { Action = text },
        _ => this with { Result = text },
    };

    public IEnumerable<StarPart> MissingParts() =>
        StarParts.All.Where(p => string.IsNullOrWhiteSpace(this[p]));
}
