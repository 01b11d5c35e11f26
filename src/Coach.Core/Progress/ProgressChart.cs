using Coach.Core.Conversation;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Progress;

/// <summary>
/// What the progress picture shows, as plain data: one point per finished answer (how it reads against the target) and,
/// answer by answer, the stories and principles that read at the target against the guide's story-bank goal.
/// The engine builds it; an <see cref="IProgressChartRenderer"/> draws it.
/// </summary>
/// <param name="Answers">Every finished answer, oldest first.</param>
/// <param name="GoalMin">The guide's story-bank goal at the target: 15-20 stories for L6, 20-25 for L7.</param>
/// <param name="PrincipleCount">How many leadership principles the question bank covers.</param>
public sealed record ProgressChart(Level Target, IReadOnlyList<ChartAnswer> Answers, int GoalMin, int GoalMax, int PrincipleCount)
{
    /// <summary>The chart of a person's story bank, aimed at <paramref name="target"/>.</summary>
    public static ProgressChart From(IReadOnlyList<StoryRecord> stories, Level target, StoryBankTarget goal, int principleCount)
    {
        ReadsAs needed = QuestionPicker.GoodAt(target);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        int atTarget = 0;
        var answers = new List<ChartAnswer>(stories.Count);
        foreach (StoryRecord s in stories.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id))
        {
            bool good = s.Target == target && s.ReadsAs >= needed;
            if (good)
            {
                atTarget++;
                if (s.Principle is { } p)
                {
                    covered.Add(p);
                }
            }
            answers.Add(new ChartAnswer(s.CreatedAt, s.ReadsAs, s.Fit, good, atTarget, covered.Count));
        }
        return new ProgressChart(target, answers, goal.MinStories, goal.MaxStories, principleCount);
    }

    /// <summary>The words a screen reader says for the picture; the card beside it carries the full text.</summary>
    public string AltText()
    {
        if (Answers.Count == 0)
        {
            return $"No answers yet toward {Target}.";
        }
        ChartAnswer last = Answers[^1];
        int onTarget = Answers.Count(a => a.Fit == Fit.OnTarget);
        return $"Progress toward {Target}: {"answer".ToQuantity(Answers.Count)}, {onTarget} on target; the latest reads as {last.ReadsAs.Human()}. "
            + $"{"story".ToQuantity(last.StoriesAtTarget)} and {last.PrinciplesCovered} of {PrincipleCount} principles read at {Target}, against the guide's goal of {GoalMin}-{GoalMax} stories.";
    }
}

/// <summary>One finished answer on the chart.</summary>
/// <param name="AtTarget">True when it was aimed at the chart's target and reads at it (it counts toward the goal).</param>
/// <param name="StoriesAtTarget">Stories at the target so far, this one included.</param>
/// <param name="PrinciplesCovered">Distinct principles with a story at the target so far, this one included.</param>
public sealed record ChartAnswer(DateTimeOffset At, ReadsAs ReadsAs, Fit Fit, bool AtTarget, int StoriesAtTarget, int PrinciplesCovered);

/// <summary>Draws a <see cref="ProgressChart"/> as an image file.</summary>
public interface IProgressChartRenderer
{
    FileAttachment Render(ProgressChart chart);
}
