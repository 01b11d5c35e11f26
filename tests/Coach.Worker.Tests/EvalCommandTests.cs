using System.Text.Json;
using Coach.Worker.Cli;

namespace Coach.Worker.Tests;

public class EvalCommandTests
{
    // two of the guide's own examples, which read at their level
    private static readonly object Checkout = new
    {
        situation = "E-commerce checkout experiencing 4.2-second load times causing $2.3M annual revenue loss",
        task = "Reduce load time to under 1 second improving conversion rates",
        action = "Led team of 6 engineers optimizing database queries, implementing caching, coordinating with 2 other teams",
        result = "Achieved 0.8-second load time, recovered $1.8M annual revenue, improved customer satisfaction from 3.2 to 4.1",
    };

    private static readonly object DataCenter = new
    {
        situation = "Legacy data center requiring migration of 850 services supporting $200M business with zero downtime tolerance",
        task = "Execute complex migration while improving performance and reducing costs",
        action = "Led program of 67 engineers across infrastructure and applications, coordinated with 12 vendors, established 24/7 global war room",
        result = "Zero-downtime migration of all services, $12.4M annual cost reduction, 67% performance improvement across all services",
    };

    private static string Labelled(string id, string label, object parts)
    {
        var fields = JsonSerializer.SerializeToElement(parts).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        fields["id"] = id;
        fields["level_label"] = label;
        return JsonSerializer.Serialize(fields);
    }

    private static (int Exit, string Out, string Err) Run(string fileText, params string[] extra)
    {
        string file = Path.Combine(Path.GetTempPath(), $"coach-eval-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(file, fileText);
        try
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int exit = EvalCommand.Run([file, .. extra], o, e);
            return (exit, o.ToString(), e.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static readonly string ThreeAnswers = string.Join("\n",
        Labelled("checkout", "L6", Checkout),
        Labelled("datacenter", "L7", DataCenter),
        Labelled("checkout-as-below", "below-L6", Checkout));

    [Fact]
    public void It_prints_agreement_the_matrix_the_over_credit_and_each_miss_with_its_bands()
    {
        var (exit, output, error) = Run(ThreeAnswers);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Agreement: 66.7%", output, StringComparison.Ordinal);
        Assert.Contains("Below-L6 answers read at L6 or above: 1 of 1", output, StringComparison.Ordinal);
        Assert.Matches(@"below-L6 \(1\)\s+0\s+1\s+0\s+0", output);
        Assert.Matches(@"L7 \(1\)\s+0\s+0\s+0\s+1", output);
        Assert.Contains("- checkout-as-below: labelled below-L6, reads as L6", output, StringComparison.Ordinal);
        Assert.Contains("impact L6, stakes L6, people L6", output, StringComparison.Ordinal);
        Assert.DoesNotContain("- checkout:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_the_minimum_it_exits_1_and_at_or_over_it_exits_0()
    {
        Assert.Equal(EvalCommand.UnderMinimum, Run(ThreeAnswers, "--min", "0.85").Exit);
        Assert.Equal(0, Run(ThreeAnswers, "--min", "0.6").Exit);
    }

    [Fact]
    public void A_bad_line_goes_to_stderr_and_the_rest_are_scored()
    {
        string text = ThreeAnswers + "\n" + """{"id":"thin","level_label":"L6","situation":"","task":"","action":"","result":"I fixed it"}""";
        var (exit, output, error) = Run(text);
        Assert.Equal(2, exit);
        Assert.Contains("3 labelled answers", output, StringComparison.Ordinal);
        Assert.StartsWith("coach eval: line 4 (thin): only the result has text: the situation, task and action are empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min", "2")]
    [InlineData("--bogus")]
    public void Bad_arguments_exit_2(params string[] args)
    {
        var (exit, output, error) = Run(ThreeAnswers, args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("coach eval: ", error, StringComparison.Ordinal);
    }
}
