using System.Globalization;
using Coach.Core.Rubric;
using Coach.Core.Storage;

namespace Coach.Core.Conversation;

/// <summary>Chooses the next question: the principle with the fewest good answers, never a question answered in the last 30 days, with a tip on the weakest dimension.</summary>
public sealed class QuestionPicker(QuestionBank bank, RubricData rubric)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(30);

    public (Question Question, string? Tip) Pick(PrincipleInfo? principle, Level target, IReadOnlyList<StoryRecord> stories, string salt, DateTimeOffset now,
        IEnumerable<string>? alsoRecent = null)
    {
        int seed = StableHash(salt + now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        ReadsAs good = GoodAt(target);
        PrincipleInfo p = principle ?? bank.Principles
            .OrderBy(x => stories.Count(s => s.Principle == x.Id && s.Target == target && s.ReadsAs >= good))
            .ThenBy(x => stories.Count(s => s.Principle == x.Id))
            .ThenBy(x => StableHash(x.Id) ^ seed)
            .First();
        var recent = stories.Where(s => s.QuestionId is not null && now - s.CreatedAt < RecentWindow).Select(s => s.QuestionId!).ToHashSet();
        if (alsoRecent is not null)
        {
            recent.UnionWith(alsoRecent);
        }
        var candidates = bank.For(p.Id).ToList();
        Question q = candidates.Where(c => !recent.Contains(c.Id)).OrderBy(c => StableHash(c.Id) ^ seed).FirstOrDefault()
            ?? candidates.OrderBy(c => stories.Where(s => s.QuestionId == c.Id).Select(s => s.CreatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max()).First();
        return (q, WeakestTip(stories, target));
    }

    /// <summary>What an answer must read as to count as a good story at the level.</summary>
    public static ReadsAs GoodAt(Level target) => target == Level.L7 ? ReadsAs.L7 : ReadsAs.L6;

    /// <summary>The dimension most often weak in the person's recent answers, with the advice for the level.</summary>
    public string? WeakestTip(IReadOnlyList<StoryRecord> stories, Level target)
    {
        Dimension? weakest = Weakest(stories, target);
        if (weakest is null)
        {
            return null;
        }
        DimensionInfo info = rubric.Dimensions[weakest.Value];
        return $"Your recent answers are weakest on {info.Name}. {info.AdviceFor(target.ToString())}";
    }

    public static Dimension? Weakest(IReadOnlyList<StoryRecord> stories, Level target)
    {
        if (stories.Count == 0)
        {
            return null;
        }
        Dimension[] considered = target == Level.L7
            ? [Dimension.Impact, Dimension.Stakes, Dimension.People, Dimension.Teams, Dimension.Ownership, Dimension.Stakeholders, Dimension.Horizon, Dimension.Visibility]
            : [Dimension.Impact, Dimension.Stakes, Dimension.People, Dimension.Teams, Dimension.Ownership, Dimension.Stakeholders];
        var recent = stories.OrderByDescending(s => s.CreatedAt).Take(10).ToList();
        return considered.OrderBy(d => recent.Average(s => s.Bands.TryGetValue(d, out Band b) ? (int)b : 0)).ThenBy(d => (int)d).First();
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomised per process).</summary>
    public static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s)
            {
                h = (h ^ c) * 16777619;
            }
            return h & 0x7fffffff;
        }
    }
}
