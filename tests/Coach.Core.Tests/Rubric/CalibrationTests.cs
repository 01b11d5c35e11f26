using System.Text.Json;
using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>The scoring behind <c>coach eval</c>: labels read from JSON Lines, credit, the matrix and the over-credit count.</summary>
public class CalibrationTests
{
    private static string Line(GoldenExamplesTests.Golden g, string label) => JsonSerializer.Serialize(new
    {
        id = g.Id,
        level_label = label,
        principle = g.Principle,
        situation = g.Situation,
        task = g.Task,
        action = g.Action,
        result = g.Result,
    });

    [Theory]
    [InlineData(ReadsAs.L6, ReadsAs.L6, 1)]
    [InlineData(ReadsAs.L6, ReadsAs.BetweenL6L7, 0.5)]
    [InlineData(ReadsAs.L7, ReadsAs.BetweenL6L7, 0.5)]
    [InlineData(ReadsAs.BelowL6, ReadsAs.BetweenL6L7, 0)]
    [InlineData(ReadsAs.BelowL6, ReadsAs.L6, 0)]
    [InlineData(ReadsAs.L7, ReadsAs.L6, 0)]
    [InlineData(ReadsAs.BetweenL6L7, ReadsAs.L7, 0.5)]
    public void An_exact_match_counts_one_and_between_counts_half_beside_L6_or_L7(ReadsAs label, ReadsAs read, double credit) =>
        Assert.Equal(credit, Calibration.Credit(label, read));

    [Fact]
    public void Labels_come_from_level_label_and_a_bad_line_is_named_while_the_rest_are_read()
    {
        var golden = GoldenExamplesTests.Load();
        string text = string.Join("\n",
            Line(golden[0], "L6"),
            """{"id":"x","level_label":"L9","situation":"a","task":"b","action":"c","result":"d"}""",
            "",
            Line(golden[1], "L7"),
            """{"id":"y","level_label":"below-L6","situation":"","task":"","action":"I fixed it","result":""}""");
        (List<LabelledAnswer> answers, List<string> errors) = Calibration.Read(text);
        Assert.Equal([golden[0].Id, golden[1].Id], answers.Select(a => a.Id));
        Assert.Equal([ReadsAs.L6, ReadsAs.L7], answers.Select(a => a.Label));
        Assert.Equal([Level.L6, Level.L7], answers.Select(a => a.Target));
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("line 2 (x): level_label 'L9'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 5 (y): ", errors[1], StringComparison.Ordinal);
        Assert.Contains("situation, task and result are empty", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_counts_agreement_the_matrix_and_below_L6_answers_read_at_L6_or_above()
    {
        var golden = GoldenExamplesTests.Load();
        GoldenExamplesTests.Golden l6 = golden.First(g => g.Level == "L6"), l7 = golden.First(g => g.Level == "L7");
        // the guide's own examples read at their level; labelling them differently makes known misses
        (List<LabelledAnswer> answers, _) = Calibration.Read(string.Join("\n", Line(l6, "L6"), Line(l7, "L7"), Line(l6, "below-L6"), Line(l7, "L6")));
        CalibrationReport report = Calibration.Run(answers);
        Assert.Equal(0.5, report.Agreement, 3);
        Assert.Equal(1, report.Count(ReadsAs.L6, ReadsAs.L6));
        Assert.Equal(1, report.Count(ReadsAs.L6, ReadsAs.L7));
        Assert.Equal(1, report.Count(ReadsAs.BelowL6, ReadsAs.L6));
        Assert.Equal(1, report.BelowL6ReadAtL6OrAbove);
        Assert.Equal(2, report.Misses.Count());
        Assert.All(report.Misses, m => Assert.Equal(0, m.Credit));
    }
}
