using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Core.Rubric;
using Coach.Tests.Shared;

namespace Coach.Worker.Tests;

public class ProgressPictureTests
{
    private static async Task FinishPracticeAsync(EngineHarness h)
    {
        await h.SayAsync("practice L7 ownership");
        foreach (string part in new[] { EngineTests.Situation, EngineTests.Task, EngineTests.Action, EngineTests.Result })
        {
            await h.SayAsync(part);
        }
        await h.SayAsync("stop");
    }

    [Fact]
    public async Task With_no_answers_progress_has_no_picture_and_says_what_will_appear()
    {
        var charts = new RecordingChartRenderer();
        await using var h = await EngineHarness.StartAsync(charts: charts);
        Outgoing reply = Assert.Single(await h.SayAsync("progress"));
        Assert.Null(reply.Attachment);
        Assert.Empty(charts.Drawn);
        Assert.Contains("No answers yet", reply.Card!.Body, StringComparison.Ordinal);
        Assert.Contains("picture of how each answer reads against L6", reply.Card.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_attaches_a_png_with_one_point_per_finished_answer_beside_the_text()
    {
        var charts = new RecordingChartRenderer();
        await using var h = await EngineHarness.StartAsync(charts: charts);
        await FinishPracticeAsync(h);
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.SayAsync($"review Situation: {EngineTests.Situation}\nTask: {EngineTests.Task}\nAction: {EngineTests.Action}\nResult: {EngineTests.Result}");
        h.Time.Advance(TimeSpan.FromDays(1));
        await FinishPracticeAsync(h);

        Outgoing reply = Assert.Single(await h.SayAsync("progress"));
        FileAttachment file = Assert.IsType<FileAttachment>(reply.Attachment);
        Assert.Equal("progress.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal((ScottPlotProgressRenderer.Width, ScottPlotProgressRenderer.Height), PngImage.Size(file.Content));
        var (chart, drawn) = Assert.Single(charts.Drawn);
        Assert.Same(file, drawn);
        Assert.Equal(3, chart.Answers.Count);
        Assert.Equal(Level.L7, chart.Target);
        Assert.Equal((20, 25), (chart.GoalMin, chart.GoalMax));
        Assert.All(chart.Answers, a => Assert.Equal(ReadsAs.L7, a.ReadsAs));
        Assert.Equal([1, 2, 3], chart.Answers.Select(a => a.StoriesAtTarget));
        Assert.Equal(3, chart.Answers.Count(a => a.AtTarget));
        // the text version stays for screen readers and search
        Assert.Contains("3 answers; 3 read at L7", reply.Card!.Fields[0].Value, StringComparison.Ordinal);
        Assert.Contains("3 answers, 3 on target", file.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_renderer_leaves_the_text_reply()
    {
        await using var h = await EngineHarness.StartAsync(charts: new ThrowingRenderer());
        await FinishPracticeAsync(h);
        Outgoing reply = Assert.Single(await h.SayAsync("progress"));
        Assert.Null(reply.Attachment);
        Assert.Equal("Your progress toward L7", reply.Card!.Title);
    }

    private sealed class ThrowingRenderer : Coach.Core.Progress.IProgressChartRenderer
    {
        public FileAttachment Render(Coach.Core.Progress.ProgressChart chart) => throw new InvalidOperationException("no canvas");
    }
}
