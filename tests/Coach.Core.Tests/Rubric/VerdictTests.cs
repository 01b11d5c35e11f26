using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

public class VerdictTests
{
    private static readonly StarAnswer StrongL7 = new(
        "Our marketplace was losing share to two competitors and $40M of annual revenue was at risk as our payments platform could not support new markets.",
        "I owned the multi-year plan to rebuild the payments platform for every business unit over three years.",
        "I led 9 managers and about 110 engineers across 7 teams and 3 business units. I convinced the CFO and the CEO to fund it, negotiated with 4 banks as partners, and set the architecture principles.",
        "The platform launched in 11 countries and added $65M in annual revenue, measured against a holdout market. I presented the design at a payments industry conference and we open-sourced the ledger.");

    [Fact]
    public void A_strong_L7_answer_reads_as_L7()
    {
        Assessment a = Assessor.Default.Assess(StrongL7, Level.L7);
        Assert.Equal(ReadsAs.L7, a.ReadsAs);
        Assert.Equal(Fit.OnTarget, a.Fit);
        Assert.Empty(a.RedFlags);
    }

    [Fact]
    public void Shrinking_the_money_and_the_headcount_moves_it_down()
    {
        StarAnswer smaller = StrongL7 with
        {
            Situation = "Our checkout was losing $1M of annual revenue because the payments service could not handle retries.",
            Action = "I led a team of 7 engineers and worked with 2 other teams. I agreed the plan with our product manager.",
            Result = "Checkout errors fell 60% and we recovered $1.5M in annual revenue, measured against last year's baseline. I learned to involve support earlier.",
        };
        Assessment before = Assessor.Default.Assess(StrongL7, Level.L7);
        Assessment after = Assessor.Default.Assess(smaller, Level.L7);
        Assert.NotEqual(ReadsAs.L7, after.ReadsAs);
        Assert.True(after.Score < before.Score);
        Assert.Equal(Fit.ThinkingTooSmall, after.Fit);
        Assert.Equal(Band.L6, after[Dimension.Impact].Band);
    }

    [Fact]
    public void Eleven_teams_say_more_about_the_organisation_than_two_directors_named()
    {
        var answer = new StarAnswer(
            "Our marketplace was losing sellers to two competitors.",
            "I owned the seller platform for the region.",
            "I reorganised 11 teams into a platform group and two product groups, and hired two directors.",
            "Onboarding time dropped from 14 days to 2.");
        DimensionResult people = Assessor.Default.Assess(answer, Level.L7).Dimensions[(int)Dimension.People];
        Assert.Equal(Band.L7, people.Band);
        Assert.Contains("11 teams", people.Note);

        var small = answer with { Action = "I reorganised 3 teams into one group, and hired two directors." };
        Assert.Equal(Band.L6, Assessor.Default.Assess(small, Level.L7).Dimensions[(int)Dimension.People].Band);
    }

    [Fact]
    public void Removing_all_numbers_drops_the_answer_below_L6()
    {
        var vague = new StarAnswer("Our app was slow.", "I had to fix it.", "I looked into it with my team and we fixed some queries.", "It got faster and people were happier.");
        Assessment a = Assessor.Default.Assess(vague, Level.L6);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
        Assert.Equal(Fit.ThinkingTooSmall, a.Fit);
        Assert.Contains(a.Structure, c => c.Id == "result-quantified" && !c.Passed);
    }

    [Fact]
    public void Big_unattributed_claims_against_L6_reach_too_high()
    {
        var inflated = new StarAnswer(
            "Our search service was slow.",
            "I had to make it faster.",
            "I led 80 engineers across the company and revolutionized the industry.",
            "We generated $40M a year.");
        Assessment a = Assessor.Default.Assess(inflated, Level.L6);
        Assert.Equal(Fit.ReachingTooHigh, a.Fit);
        Assert.Contains(a.RedFlags, f => f.Id == "unattributed-big-impact");
        Assert.Contains(a.RedFlags, f => f.Id == "overstated-org-scope");
        Assert.Contains(a.RedFlags, f => f.Id == "unsupported-industry-claim");
        Assert.Contains(a.Probes, p => p.Question.Contains("$40M", StringComparison.Ordinal));
    }

    [Fact]
    public void Adding_attribution_removes_the_attribution_flag()
    {
        var attributed = new StarAnswer(
            "Search latency was costing us conversions.",
            "I owned the search service.",
            "I led 12 engineers and worked with 2 other teams.",
            "An A/B test measured $12M a year of added sales.");
        Assessment a = Assessor.Default.Assess(attributed, Level.L6);
        Assert.DoesNotContain(a.RedFlags, f => f.Id == "unattributed-big-impact");
    }

    [Fact]
    public void Timing_is_spoken_at_150_words_a_minute_against_the_windows()
    {
        string words(int n) => string.Join(' ', Enumerable.Repeat("word", n));
        var answer = new StarAnswer(words(100), words(50), words(200), words(100));
        Assessment l6 = Assessor.Default.Assess(answer, Level.L6);
        Assert.Equal(40, l6.Timing[StarPart.Situation].Seconds);
        Assert.Equal(TimingStatus.InWindow, l6.Timing[StarPart.Situation].Status);
        Assert.Equal(20, l6.Timing[StarPart.Task].Seconds);
        Assert.Equal(80, l6.Timing[StarPart.Action].Seconds);
        Assert.Equal(180, l6.Timing.TotalSeconds);
        Assessment l7 = Assessor.Default.Assess(answer, Level.L7);
        Assert.Equal(TimingStatus.TooShort, l7.Timing[StarPart.Situation].Status);
        Assert.Equal(TimingStatus.InWindow, l7.Timing.TotalStatus);
    }

    [Fact]
    public void Structure_checks_follow_the_level()
    {
        var answer = new StarAnswer("The build was slow.", "Fix it.", "We rewrote it.", "Builds took 5 minutes instead of 40.");
        Assessment l6 = Assessor.Default.Assess(answer, Level.L6);
        Assert.Contains(l6.Structure, c => c.Id == "result-lesson" && !c.Passed);
        Assert.Contains(l6.Structure, c => c.Id == "action-first-person" && !c.Passed);
        Assessment l7 = Assessor.Default.Assess(answer, Level.L7);
        Assert.Contains(l7.Structure, c => c.Id == "situation-context" && !c.Passed);
        Assert.DoesNotContain(l7.Structure, c => c.Id == "result-lesson");
    }

    [Fact]
    public void Missing_parts_are_reported_not_thrown()
    {
        Assessment a = Assessor.Default.Assess(new StarAnswer("Something broke.", "", "I fixed it.", ""), Level.L6);
        StructureCheck all = Assert.Single(a.Structure, c => c.Id == "all-parts");
        Assert.False(all.Passed);
        Assert.Contains("Task", all.Message, StringComparison.Ordinal);
        Assert.Equal(TimingStatus.Missing, a.Timing[StarPart.Result].Status);
    }

    [Fact]
    public void Changes_and_probes_are_capped_and_tied_to_gaps()
    {
        Assessment a = Assessor.Default.Assess(new StarAnswer("The build was slow.", "Fix it.", "We rewrote it.", "It was better."), Level.L7);
        Assert.InRange(a.Changes.Count, 1, 3);
        Assert.InRange(a.Probes.Count, 1, 3);
        Assert.All(a.Probes, p => Assert.False(string.IsNullOrWhiteSpace(p.Because)));
    }

    [Fact]
    public void The_feedback_document_has_a_verdict_a_line_per_dimension_and_timing_bars()
    {
        Assessment a = Assessor.Default.Assess(StrongL7, Level.L7, "think-big");
        FeedbackDocument doc = FeedbackWriter.Write(a, Principles.FocusLine("think big", Level.L7));
        Assert.Equal("Reads as L7: on target for L7", doc.Headline);
        Assert.Contains(doc.Dimensions, d => d.Dimension == "Impact" && d.Band == "L7" && d.Quote!.Contains("$65M", StringComparison.Ordinal));
        Assert.Equal(4, doc.Timing.Count);
        Assert.Contains("Think Big", doc.PrincipleFocus, StringComparison.Ordinal);
        Assert.Contains("minute", doc.TimingCaption, StringComparison.Ordinal);
        var card = doc.ToCard();
        Assert.Equal(doc.Dimensions.Count, card.Fields.Count);
    }
}
