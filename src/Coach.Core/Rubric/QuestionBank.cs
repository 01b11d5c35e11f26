using System.Text.Json;

namespace Coach.Core.Rubric;

public sealed record PrincipleInfo(string Id, string Name, string Summary, IReadOnlyList<string> L6Focus, IReadOnlyList<string> L7Focus)
{
    public IReadOnlyList<string> Focus(Level level) => level == Level.L7 ? L7Focus : L6Focus;
}

public sealed record Question(string Id, string Principle, string Text, IReadOnlyList<string> Signals, string L6Looks, string L7Looks)
{
    public string Looks(Level level) => level == Level.L7 ? L7Looks : L6Looks;
}

/// <summary>The sixteen leadership principles and the questions for each, from <c>seeds/question-bank.json</c>.</summary>
public sealed class QuestionBank
{
    private static readonly Lazy<QuestionBank> DefaultInstance = new(() => Load(RubricData.ReadSeed("question-bank.json")));

    public static QuestionBank Default => DefaultInstance.Value;

    public required IReadOnlyList<PrincipleInfo> Principles { get; init; }
    public required IReadOnlyList<Question> Questions { get; init; }

    public static QuestionBank Load(string json)
    {
        var file = JsonSerializer.Deserialize<BankFile>(json, SeedJson.Options) ?? throw new InvalidDataException("question-bank.json is empty.");
        var ids = file.Principles.Select(p => p.Id).ToHashSet();
        var orphan = file.Questions.FirstOrDefault(q => !ids.Contains(q.Principle));
        if (orphan is not null)
        {
            throw new InvalidDataException($"question {orphan.Id} names an unknown principle '{orphan.Principle}'.");
        }
        return new QuestionBank { Principles = file.Principles, Questions = file.Questions };
    }

    public PrincipleInfo? FindPrinciple(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        string key = Normalize(text);
        return Principles.FirstOrDefault(p => Normalize(p.Id) == key || Normalize(p.Name) == key)
            ?? Principles.FirstOrDefault(p => Normalize(p.Name).StartsWith(key, StringComparison.Ordinal) || Normalize(p.Id).StartsWith(key, StringComparison.Ordinal))
            ?? Principles.FirstOrDefault(p => key.Length >= 4 && Normalize(p.Name).Contains(key, StringComparison.Ordinal));
    }

    public IEnumerable<Question> For(string principleId) => Questions.Where(q => q.Principle == principleId);

    public Question? Find(string id) => Questions.FirstOrDefault(q => q.Id == id);

    private static string Normalize(string s) =>
        new string(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private sealed record BankFile(List<PrincipleInfo> Principles, List<Question> Questions);
}

public static class Principles
{
    /// <summary>One line naming what stories for this principle usually show at the level, or null.</summary>
    public static string? FocusLine(string? principle, Level level)
    {
        PrincipleInfo? p = QuestionBank.Default.FindPrinciple(principle);
        return p is null ? null : $"{level} {p.Name} stories usually show: {string.Join("; ", p.Focus(level).Take(3))}.";
    }
}
