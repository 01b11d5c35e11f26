using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>Answers written without headings: the parts are found from paragraphs, cues and place.</summary>
public class StarSplitterTests
{
    private static readonly string[] Order = ["below-L6", "L6", "between-L6-L7", "L7"];

    [Fact]
    public void Four_paragraphs_are_the_four_parts()
    {
        StarAnswer a = StarSplitter.Split("Our checkout was slow.\n\nI owned the fix.\n\nI profiled it and cut two calls.\nI told the team.\n\nIt got 40% faster.");
        Assert.Equal(("Our checkout was slow.", "I owned the fix.", "I profiled it and cut two calls.\nI told the team.", "It got 40% faster."),
            (a.Situation, a.Task, a.Action, a.Result));
    }

    [Fact]
    public void One_paragraph_is_split_at_its_cues()
    {
        StarAnswer a = StarSplitter.Split(
            "In 2022 our payments platform was failing at peak, and about $4M a year of orders was at risk. " +
            "There were three teams involved and nobody owned the problem. " +
            "I was asked to own the fix across all three teams. " +
            "I set up a weekly review with the three managers. " +
            "I negotiated a freeze on new features for six weeks. " +
            "Then I paired with our lead engineer on the worst failures. " +
            "As a result, failures at peak fell 80% and we recovered $3M a year, measured by finance. " +
            "I learned to name one owner for a shared problem on day one.");
        Assert.StartsWith("In 2022", a.Situation, StringComparison.Ordinal);
        Assert.Contains("nobody owned the problem", a.Situation, StringComparison.Ordinal);
        Assert.Equal("I was asked to own the fix across all three teams.", a.Task);
        Assert.StartsWith("I set up a weekly review", a.Action, StringComparison.Ordinal);
        Assert.EndsWith("worst failures.", a.Action, StringComparison.Ordinal);
        Assert.StartsWith("As a result", a.Result, StringComparison.Ordinal);
        Assert.EndsWith("day one.", a.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_part_gets_a_sentence_once_there_are_four_and_short_text_is_not_guessed()
    {
        StarAnswer four = StarSplitter.Split("It broke. We had to fix it. I fixed it. It works.");
        Assert.Empty(four.MissingParts());
        Assert.Equal("I fixed it.", four.Action);

        AnswerParser.Parsed shortText = Assert.Single(AnswerParser.ParseInput("no headings here"));
        Assert.Null(shortText.Answer);
        Assert.Contains("too short", shortText.Error, StringComparison.Ordinal);

        AnswerParser.Parsed inferred = Assert.Single(AnswerParser.ParseInput("It broke. We had to fix it. I fixed it. It works."));
        Assert.True(inferred.PartsInferred);
        Assert.False(Assert.Single(AnswerParser.ParseInput("Situation: a\nTask: b\nAction: c\nResult: d")).PartsInferred);
    }

    [Fact]
    public void Bullets_that_lost_their_line_breaks_are_still_items()
    {
        StarAnswer a = StarSplitter.Split("- Checkout p99 at 2.4s - $3M/yr at risk - I was asked to own the fix - I profiled the hot path - I negotiated a batch API - As a result p99 fell to 600ms");
        Assert.Equal("Checkout p99 at 2.4s $3M/yr at risk", a.Situation.Replace("- ", "", StringComparison.Ordinal));
        Assert.Equal("I was asked to own the fix", a.Task);
        Assert.StartsWith("I profiled", a.Action, StringComparison.Ordinal);
        Assert.Equal("As a result p99 fell to 600ms", a.Result);
    }

    [Fact]
    public void Bold_headings_in_one_paragraph_name_the_parts()
    {
        Assert.True(AnswerParser.TryParseHeadings(
            "**Context:** search returned nothing for 12% of queries. **My role:** I owned the fix. **What I did:** I had my team log empty queries. **Outcome:** empty results fell to 4%.",
            out StarAnswer a));
        Assert.Equal(("search returned nothing for 12% of queries.", "I owned the fix.", "I had my team log empty queries.", "empty results fell to 4%."),
            (a.Situation, a.Task, a.Action, a.Result));
    }

    [Fact]
    public void The_varied_answers_written_as_one_paragraph_still_read_at_their_level()
    {
        var misses = new List<string>();
        int exact = 0;
        IReadOnlyList<VariedCasesTests.Case> cases = VariedCasesTests.Load();
        foreach (VariedCasesTests.Case c in cases)
        {
            string paragraph = string.Join(" ", c.Situation, c.Task, c.Action, c.Result).Replace('\n', ' ');
            Assessment a = Assessor.Default.Assess(StarSplitter.Split(paragraph), Level.L7);
            int distance = Math.Abs(Array.IndexOf(Order, a.ReadsAs.Id()) - Array.IndexOf(Order, c.Expect));
            Assert.True(distance <= 1, $"{c.Id}: expected {c.Expect}, read as {a.ReadsAs.Id()} (score {a.Score}) without headings");
            if (distance == 0)
            {
                exact++;
            }
            else
            {
                misses.Add(c.Id);
            }
        }
        Assert.True(exact >= cases.Count * 0.85, $"{exact}/{cases.Count} exact without headings; off by one: {string.Join(", ", misses)}");
    }
}
