using Coach.Core.Conversation;
using Coach.Core.Progress;
using Coach.Core.Rubric;
using ScottPlot;
using SkiaSharp;

namespace Coach.Charts;

/// <summary>
/// Draws the progress picture with ScottPlot: above, how each finished answer reads (below L6 / L6 / between / L7) against
/// the target; below, the stories and principles that read at the target, answer by answer, against the guide's goal.
/// A rounded slate card on a transparent canvas with light text and saturated marks, so it reads on dark and light chat themes.
/// </summary>
public sealed class ScottPlotProgressRenderer : IProgressChartRenderer
{
    public const int Width = 800;
    public const int Height = 560;
    public const string FileName = "progress.png";

    private static readonly Color Card = Color.FromHex("#343B48");
    private static readonly Color CardEdge = Color.FromHex("#4A5366");
    private static readonly Color Ink = Color.FromHex("#E8ECF2");
    private static readonly Color Muted = Color.FromHex("#A7B0BF");
    private static readonly Color Grid = Color.FromHex("#4A5366");
    private static readonly Color OnTarget = Color.FromHex("#4CD08A");
    private static readonly Color TooSmall = Color.FromHex("#F5B841");
    private static readonly Color TooHigh = Color.FromHex("#62B6F5");
    private static readonly Color Principles = Color.FromHex("#C49BFF");
    private static readonly string[] LevelNames = ["below L6", "L6", "between", "L7"];

    /// <summary>The font the picture uses when the machine has it (Debian's fonts-dejavu-core), else the platform default.</summary>
    private static readonly string? FontName = FindFont("DejaVu Sans");

    public FileAttachment Render(ProgressChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (chart.Answers.Count == 0)
        {
            throw new ArgumentException("A progress chart needs at least one answer.", nameof(chart));
        }
        Plot fit = FitPlot(chart);
        Plot bank = BankPlot(chart);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using (var fill = new SKPaint { Color = Card.ToSKColor(), IsAntialias = true })
        using (var edge = new SKPaint { Color = CardEdge.ToSKColor(), IsAntialias = true, IsStroke = true, StrokeWidth = 2 })
        {
            var rect = new SKRect(1, 1, Width - 1, Height - 1);
            canvas.DrawRoundRect(rect, 18, 18, fill);
            canvas.DrawRoundRect(rect, 18, 18, edge);
        }
        const int split = 290;
        DrawPlot(canvas, fit, 8, 10, Width - 16, split - 10);
        DrawPlot(canvas, bank, 8, split, Width - 16, Height - split - 10);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return new FileAttachment(FileName, "image/png", png.ToArray(), chart.AltText());
    }

    /// <summary>Each plot clears what it draws on, so it is drawn apart and laid onto the card.</summary>
    private static void DrawPlot(SKCanvas canvas, Plot plot, int x, int y, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        plot.Render(surface.Canvas, width, height);
        using SKImage image = surface.Snapshot();
        canvas.DrawImage(image, x, y);
    }

    private static Plot FitPlot(ProgressChart chart)
    {
        Plot plot = NewPlot();
        int n = chart.Answers.Count;
        double[] xs = [.. Enumerable.Range(1, n).Select(i => (double)i)];
        double[] ys = [.. chart.Answers.Select(a => (double)(int)a.ReadsAs)];
        var path = plot.Add.ScatterLine(xs, ys);
        path.Color = Muted.WithAlpha(0.6);
        path.LineWidth = 2;
        foreach ((Fit kind, Color color, string label) in new[] { (Fit.OnTarget, OnTarget, "on target"), (Fit.ThinkingTooSmall, TooSmall, "too small"), (Fit.ReachingTooHigh, TooHigh, "too high") })
        {
            int[] idx = [.. Enumerable.Range(0, n).Where(i => chart.Answers[i].Fit == kind)];
            if (idx.Length == 0)
            {
                continue;
            }
            var marks = plot.Add.Markers(idx.Select(i => xs[i]).ToArray(), idx.Select(i => ys[i]).ToArray(), MarkerShape.FilledCircle, 11, color);
            marks.LegendText = label;
        }
        var target = plot.Add.HorizontalLine(chart.Target == Level.L7 ? (int)ReadsAs.L7 : (int)ReadsAs.L6);
        target.Color = Ink.WithAlpha(0.7);
        target.LinePattern = LinePattern.Dashed;
        target.LineWidth = 1.5f;
        target.LegendText = $"target {chart.Target}";
        plot.Axes.Left.SetTicks([0, 1, 2, 3], LevelNames);
        plot.Axes.SetLimits(0.5, Math.Max(n, 2) + 0.5, -0.5, 3.5);
        plot.Title($"How each answer reads · {n} {(n == 1 ? "answer" : "answers")} toward {chart.Target}", 17);
        Finish(plot, Alignment.LowerRight);
        return plot;
    }

    private static Plot BankPlot(ProgressChart chart)
    {
        Plot plot = NewPlot();
        int n = chart.Answers.Count;
        // from 0 before the first answer to half a step past the last, so the last count shows as a level
        double[] xs = [.. Enumerable.Range(0, n + 1).Select(i => (double)i).Append(n + 0.5)];
        var goal = plot.Add.VerticalSpan(chart.GoalMin, chart.GoalMax);
        goal.FillStyle.Color = OnTarget.WithAlpha(0.22);
        goal.LineStyle.Color = OnTarget.WithAlpha(0.6);
        goal.LineStyle.Width = 1;
        goal.LegendText = $"guide's goal {chart.GoalMin}-{chart.GoalMax}";
        var stories = plot.Add.Scatter(xs, Steps(chart, a => a.StoriesAtTarget));
        stories.ConnectStyle = ConnectStyle.StepHorizontal;
        stories.Color = OnTarget;
        stories.LineWidth = 3;
        stories.MarkerSize = 0;
        stories.LegendText = $"stories at {chart.Target}";
        var principles = plot.Add.Scatter(xs, Steps(chart, a => a.PrinciplesCovered));
        principles.ConnectStyle = ConnectStyle.StepHorizontal;
        principles.Color = Principles;
        principles.LineWidth = 2.5f;
        principles.LinePattern = LinePattern.Dashed;
        principles.MarkerSize = 0;
        principles.LegendText = $"principles covered (of {chart.PrincipleCount})";
        ChartAnswer last = chart.Answers[^1];
        double top = Math.Max(chart.GoalMax, Math.Max(last.StoriesAtTarget, last.PrinciplesCovered)) + 2;
        plot.Axes.SetLimits(0, Math.Max(n, 2) + 0.5, 0, top);
        plot.Axes.Bottom.Label.Text = "answers, oldest first";
        plot.Title($"Story bank at {chart.Target}: {last.StoriesAtTarget} of {chart.GoalMin}-{chart.GoalMax} stories", 17);
        Finish(plot, Alignment.MiddleLeft);
        return plot;
    }

    private static double[] Steps(ProgressChart chart, Func<ChartAnswer, int> value) =>
        [0, .. chart.Answers.Select(a => (double)value(a)), value(chart.Answers[^1])];

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (FontName is not null)
        {
            plot.Font.Set(FontName);
        }
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    private static void Finish(Plot plot, Alignment legendAt)
    {
        plot.Axes.Color(Muted);
        plot.Axes.Title.Label.ForeColor = Ink;
        plot.Axes.Frame(false);
        plot.Axes.Left.FrameLineStyle.Width = 0;
        plot.Grid.MajorLineColor = Grid;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Bottom.Label.FontSize = 13;
        plot.Legend.BackgroundColor = Card.WithAlpha(0.92);
        plot.Legend.OutlineColor = CardEdge;
        plot.Legend.FontColor = Ink;
        plot.Legend.FontSize = 13;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.ShowLegend(legendAt);
    }

    private static string? FindFont(string family)
    {
        using SKTypeface? face = SKFontManager.Default.MatchFamily(family);
        return face is not null && face.FamilyName.Equals(family, StringComparison.OrdinalIgnoreCase) ? family : null;
    }
}
