using System.Text.Json;
using Coach.Worker.Cli;

namespace Coach.Worker.Tests;

public class AssessCommandTests
{
    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = AssessCommand.Run(args, new StringReader(stdin), o, e);
        return (exit, o.ToString(), e.ToString());
    }

    private const string Headed = """
        Situation: E-commerce checkout experiencing 4.2-second load times causing $2.3M annual revenue loss
        Task: Reduce load time to under 1 second improving conversion rates
        Action: Led team of 6 engineers optimizing database queries, implementing caching, coordinating with 2 other teams
        Result: Achieved 0.8-second load time, recovered $1.8M annual revenue, improved customer satisfaction from 3.2 to 4.1
        """;

    [Fact]
    public void Json_output_has_the_stable_fields()
    {
        var (exit, output, _) = Run(Headed, "--target", "L7", "--json", "-");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        JsonElement r = doc.RootElement;
        Assert.Equal("L6", r.GetProperty("readsAs").GetString());
        Assert.Equal("L7", r.GetProperty("target").GetString());
        Assert.Equal("thinking-too-small", r.GetProperty("fit").GetString());
        Assert.Equal(9, r.GetProperty("dimensions").GetArrayLength());
        JsonElement impact = r.GetProperty("dimensions").EnumerateArray().First(d => d.GetProperty("name").GetString() == "impact");
        Assert.Equal("L6", impact.GetProperty("band").GetString());
        Assert.Contains("$1.8M", impact.GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.True(r.GetProperty("redFlags").GetArrayLength() > 0);
        JsonElement timing = r.GetProperty("timing");
        foreach (string part in (string[])["situation", "task", "action", "result", "total"])
        {
            Assert.True(timing.GetProperty(part).GetInt32() > 0);
        }
        Assert.InRange(r.GetProperty("probes").GetArrayLength(), 1, 3);
        JsonElement role = r.GetProperty("role");
        Assert.Equal("several-teams", role.GetProperty("scope").GetString());
        Assert.Equal("a team of 6 and other teams you worked with", role.GetProperty("read").GetString());
        Assert.Contains("Led team of 6 engineers", role.GetProperty("evidence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_individual_story_says_so_in_the_feedback_and_its_first_change_asks_whom_you_led()
    {
        const string solo = """
            Situation: Our audit pipeline stopped writing to storage while millions of messages queued, and compliance data was at risk.
            Task: I owned the system, so finding the root cause was on me.
            Action: I debugged for five days, fixed a null-header crash, tuned the consumer timeouts and raised the heap to 2GB.
            Result: No data was lost and the backlog drained within 4 hours; other teams have since used my runbook twice.
            """;
        var (exit, output, _) = Run(solo, "--target", "L6", "-");
        Assert.Equal(0, exit);
        Assert.StartsWith("✘ Reads as below L6: thinking too small for L6", output, StringComparison.Ordinal);
        Assert.Contains("Scope read: an individual contributor's story: no one you led is named.", output, StringComparison.Ordinal);
        int first = output.IndexOf("What would move it most", StringComparison.Ordinal);
        Assert.True(first >= 0, output);
        string afterHeading = output[first..];
        Assert.Contains("Say whom you led or answered for", afterHeading.Split('\n')[1], StringComparison.Ordinal);

        var (_, json, _) = Run(solo, "--target", "L6", "--json", "-");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("individual", doc.RootElement.GetProperty("role").GetProperty("scope").GetString());
        Assert.True(doc.RootElement.GetProperty("role").GetProperty("holdsLevel").GetBoolean());
    }

    [Fact]
    public void Json_lines_give_one_assessment_per_line()
    {
        string lines = """
            {"id":"a","situation":"s $2M at risk","task":"t","action":"I led 6 engineers","result":"saved $1M a year"}
            {"id":"b","situation":"s","task":"t","action":"I led 80 engineers across 9 teams","result":"saved $30M a year"}
            """;
        var (exit, output, _) = Run(lines, "--target", "L6", "--json", "-");
        Assert.Equal(0, exit);
        string[] outLines = output.Trim().Split('\n');
        Assert.Equal(2, outLines.Length);
        Assert.Equal("a", JsonDocument.Parse(outLines[0]).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void Text_output_is_the_feedback_for_a_person()
    {
        string file = Path.GetTempFileName();
        File.WriteAllText(file, Headed);
        var (exit, output, _) = Run("", "--target", "L7", "--principle", "customer-obsession", file);
        Assert.Equal(0, exit);
        Assert.StartsWith("✘ Reads as L6: thinking too small for L7", output, StringComparison.Ordinal);
        Assert.Contains("L7 Customer Obsession stories usually show", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_without_headings_is_split_into_its_parts_and_the_output_says_so()
    {
        string unheaded = string.Join(" ", Headed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim()).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 2)..] + "."));
        var (exit, output, error) = Run(unheaded, "--target", "L7", "--json", "-");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("partsInferred").GetBoolean());
        Assert.Equal("L6", doc.RootElement.GetProperty("readsAs").GetString());

        var (textExit, text, _) = Run(unheaded, "--target", "L7", "-");
        Assert.Equal(0, textExit);
        Assert.StartsWith("No Situation: / Task: / Action: / Result: headings", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "--target", "L7", "-")]
    [InlineData("{oops", "--target", "L7", "-")]
    [InlineData("no headings here", "--target", "L7", "-")]
    [InlineData("Situation: x", "--target", "L9", "-")]
    [InlineData("Situation: x", "--target", "L7", "--bogus", "-")]
    [InlineData("Situation: x", "--target", "L7")]
    public void Bad_input_is_one_line_and_exit_code_2(string stdin, params string[] args)
    {
        var (exit, output, error) = Run(stdin, args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("coach assess: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_with_one_part_is_not_assessed_and_the_line_names_the_empty_parts()
    {
        var (exit, output, error) = Run("Action: I led 6 engineers and we shipped the new checkout.", "--target", "L6", "-");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("coach assess: only the action has text: the situation, task and result are empty", error.Trim());
    }

    [Fact]
    public void In_json_lines_a_one_part_answer_is_reported_on_stderr_and_the_rest_are_assessed()
    {
        string lines = """
            {"id":"a","situation":"s $2M at risk","task":"t","action":"I led 6 engineers","result":"saved $1M a year"}
            {"id":"thin","situation":"","task":"Fix the checkout","action":"","result":"  "}
            {"id":"c","situation":"s","task":"t","action":"I led 80 engineers across 9 teams","result":"saved $30M a year"}
            """;
        var (exit, output, error) = Run(lines, "--target", "L6", "--json", "-");
        Assert.Equal(2, exit);
        Assert.Equal(["a", "c"], output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Equal("coach assess: line 2: only the task has text: the situation, action and result are empty", error.Trim());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var (exit, _, error) = Run("", "--target", "L6", "/nonexistent/answer.txt");
        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_json_lines_file_keeps_its_order_and_reports_each_bad_line_in_place()
    {
        // more lines than one batch, so several batches are assessed on all cores and written in turn
        var lines = new List<string>();
        for (int i = 0; i < 700; i++)
        {
            lines.Add(i % 100 == 42
                ? "{\"id\":\"bad-" + i + "\"}"
                : "{\"id\":\"a" + i + "\",\"situation\":\"$" + (i + 1) + "M at risk\",\"task\":\"t\",\"action\":\"I led " + (i % 9 + 2) + " engineers\",\"result\":\"saved $" + (i % 7 + 1) + "M a year\"}");
        }
        var (exit, output, error) = Run(string.Join("\n", lines), "--target", "L6", "--json", "-");
        Assert.Equal(2, exit);
        string[] ids = [.. output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)];
        Assert.Equal(Enumerable.Range(0, 700).Where(i => i % 100 != 42).Select(i => "a" + i), ids);
        string[] errors = error.Trim().Split('\n');
        Assert.Equal(7, errors.Length);
        Assert.All(errors, e => Assert.StartsWith("coach assess: line ", e, StringComparison.Ordinal));
        Assert.StartsWith("coach assess: line 43:", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_keeps_quotes_and_non_ascii_letters_readable()
    {
        string line = "{\"id\":\"café – “quoted”\",\"situation\":\"s $2M at risk\",\"task\":\"t\",\"action\":\"I led 6 engineers\",\"result\":\"saved $1M a year\"}";
        var (exit, output, _) = Run(line, "--target", "L6", "--json", "-");
        Assert.Equal(0, exit);
        Assert.Contains("\"id\":\"café – “quoted”\"", output, StringComparison.Ordinal);
        Assert.Equal("café – “quoted”", JsonDocument.Parse(output).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void Text_output_separates_answers_with_one_blank_line_even_after_a_bad_first_line()
    {
        string lines = """
            {"id":"bad"}
            {"id":"a","situation":"s $2M at risk","task":"t","action":"I led 6 engineers","result":"saved $1M a year"}
            {"id":"b","situation":"s","task":"t","action":"I led 80 engineers across 9 teams","result":"saved $30M a year"}
            """;
        var (exit, output, error) = Run(lines, "--target", "L6", "-");
        Assert.Equal(2, exit);
        Assert.StartsWith("# a\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\n\n# b\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
