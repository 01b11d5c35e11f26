using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Core.Progress;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Coach.Tests.Shared;

namespace Coach.Worker.Tests;

/// <summary>
/// The progress picture in the README (docs/progress.png) is drawn by the project from a sample story bank: eight weeks of
/// practice toward L7. Run with COACH_WRITE_DOCS=1 to draw it again; otherwise the test checks the committed picture is
/// the one the renderer draws today (same size, a PNG).
/// </summary>
public class DocsPictureTests
{
    private static readonly (string Principle, ReadsAs ReadsAs)[] Sample =
    [
        ("ownership", ReadsAs.BelowL6), ("deliver-results", ReadsAs.L6), ("ownership", ReadsAs.L6), ("dive-deep", ReadsAs.BetweenL6L7),
        ("customer-obsession", ReadsAs.L6), ("think-big", ReadsAs.BetweenL6L7), ("ownership", ReadsAs.L7), ("hire-and-develop", ReadsAs.BetweenL6L7),
        ("deliver-results", ReadsAs.L7), ("invent-and-simplify", ReadsAs.L7), ("earn-trust", ReadsAs.L7), ("bias-for-action", ReadsAs.BetweenL6L7),
        ("ownership", ReadsAs.L7), ("customer-obsession", ReadsAs.L7),
    ];

    internal static ProgressChart SampleChart()
    {
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        var person = new PersonKey(Platforms.Console, "local", "sample");
        var stories = Sample.Select((s, n) => new StoryRecord(n + 1, person, s.Principle, null, "sample", Level.L7, StarAnswer.Empty, s.ReadsAs,
            s.ReadsAs == ReadsAs.L7 ? Fit.OnTarget : Fit.ThinkingTooSmall, 0.5, new Dictionary<Dimension, Band>(), start.AddDays(n * 4))).ToList();
        return ProgressChart.From(stories, Level.L7, Assessor.Default.Rubric.Levels[Level.L7].StoryBank, QuestionBank.Default.Principles.Count);
    }

    private static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Coach.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, relative);
    }

    [Fact]
    public void The_README_picture_is_drawn_by_the_renderer_from_the_sample_bank()
    {
        FileAttachment drawn = new ScottPlotProgressRenderer().Render(SampleChart());
        string path = RepositoryFile(Path.Combine("docs", "progress.png"));
        if (Environment.GetEnvironmentVariable("COACH_WRITE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, drawn.Content);
        }
        Assert.True(File.Exists(path), "docs/progress.png is missing: run this test with COACH_WRITE_DOCS=1");
        Assert.Equal(PngImage.Size(drawn.Content), PngImage.Size(File.ReadAllBytes(path)));
        Assert.Equal(14, SampleChart().Answers.Count);
    }
}
