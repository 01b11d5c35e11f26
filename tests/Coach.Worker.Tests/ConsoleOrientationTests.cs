using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Tests.Shared;
using Coach.Worker.Console;

namespace Coach.Worker.Tests;

/// <summary>The console keeps a person oriented: wrapped at word boundaries, buttons as words to type, help and review for a
/// terminal, and the progress picture written to a file.</summary>
public class ConsoleOrientationTests
{
    private static readonly string WholePractice = string.Join("\n",
        "practice L7 ownership", EngineTests.Situation, "", EngineTests.Task, "", EngineTests.Action, "", EngineTests.Result, "", "stop", "");

    /// <summary>The words of a text; a rule (────) is drawn, not written, and is shortened to the width, so it is left out.</summary>
    private static string[] Words(string text) =>
        [.. text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Trim('─').Length > 0)];

    [Fact]
    public async Task The_resume_note_names_the_question_level_and_awaited_part_or_says_nothing()
    {
        await using var h = await EngineHarness.StartAsync();
        var ada = new Coach.Core.Conversation.PersonKey(Platforms.Console, "local", "ada");
        Assert.Null(await h.Engine.ResumeNoteAsync(ada));

        string question = (await h.SayAsync("practice L7 ownership"))[0].Card!.Title;
        await h.SayAsync(EngineTests.Situation);
        string note = (await h.Engine.ResumeNoteAsync(ada))!;
        Assert.Equal($"Welcome back. Your Ownership · L7 practice is in progress: “{question}” I'm waiting for your Task (part 2 of 4): send it as your next message, "
            + "or say `skip`. Say `stop` to end the practice.", note);

        await h.SayAsync("Fix it.");
        Assert.Contains("Your Task (part 2 of 4) can take more", await h.Engine.ResumeNoteAsync(ada), StringComparison.Ordinal);
        await h.SayAsync("next");
        await h.SayAsync(EngineTests.Action);
        await h.SayAsync(EngineTests.Result);
        Assert.Contains("has its feedback", await h.Engine.ResumeNoteAsync(ada), StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromDays(3)); // past the session timeout: the next message says it expired
        Assert.Null(await h.Engine.ResumeNoteAsync(ada));
    }

    [Fact]
    public async Task Wrapped_at_a_fixed_width_no_line_is_longer_and_no_word_is_split()
    {
        await using var h = await EngineHarness.StartAsync();
        var replies = new List<Outgoing>();
        foreach (string line in new[] { "help", "practice L7 ownership", EngineTests.Situation, EngineTests.Task, "The site was slow.", "next", EngineTests.Result, "progress" })
        {
            replies.AddRange(await h.SayAsync(line));
        }
        foreach (int width in new[] { 40, 57, 80 })
        {
            foreach (Outgoing reply in replies)
            {
                string plain = PlainText.Render(reply);
                string wrapped = TextWrap.Wrap(plain, width);
                // the same words in the same order: nothing was cut in the middle of a word
                Assert.Equal(Words(plain), Words(wrapped));
                foreach (string line in wrapped.Split('\n'))
                {
                    bool oneLongWord = Words(line).Length == 1;
                    Assert.True(line.Length <= width || oneLongWord || line.Contains('│', StringComparison.Ordinal), $"{line.Length} > {width}: {line}");
                }
            }
        }
    }

    [Fact]
    public void A_list_item_wraps_under_its_text_and_a_word_longer_than_the_line_stays_whole()
    {
        string wrapped = TextWrap.Wrap("  1. Put a yearly dollar figure on the Result and say how you got it", 24);
        Assert.Equal("  1. Put a yearly dollar\n     figure on the\n     Result and say how\n     you got it", wrapped);
        Assert.Equal("see\nhttps://example.invalid/a/very/long/path\nnow", TextWrap.Wrap("see https://example.invalid/a/very/long/path now", 12));
        Assert.Equal("no  wrap at all", TextWrap.Wrap("no  wrap at all", null));
    }

    [Fact]
    public async Task The_console_wraps_to_its_configured_width_and_not_at_all_when_piped()
    {
        var (_, wrapped, _) = await ConsoleTransportTests.RunInProcessAsync(ConsoleTransportTests.TempDb(), WholePractice, "--Console:Width=40");
        Assert.Contains("Reads as L7: on target for L7", wrapped, StringComparison.Ordinal);
        Assert.All(wrapped.Split('\n').Select(l => l.TrimEnd('\r')), line =>
            Assert.True(line.Length <= 40 || Words(line).Length == 1 || line.Contains('│', StringComparison.Ordinal), line));

        // piped (not a terminal, no width configured): lines stay whole, as a script reading them expects
        var (_, piped, _) = await ConsoleTransportTests.RunInProcessAsync(ConsoleTransportTests.TempDb(), WholePractice);
        Assert.Contains(piped.Split('\n'), l => l.Length > 120);
        Assert.Contains(EngineTests.Situation[..60], piped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buttons_read_as_words_to_type_and_help_shows_only_what_works_in_a_terminal()
    {
        var (_, output, _) = await ConsoleTransportTests.RunInProcessAsync(ConsoleTransportTests.TempDb(), "practice L7\nThe site was slow.\n\nstop\nhelp\n");
        Assert.Contains("Add more in your next message, or say `next` to keep it and go on.", output, StringComparison.Ordinal);
        Assert.Contains("Say `next` (keep it, go on) · `redo` · `stop`", output, StringComparison.Ordinal);
        Assert.Contains("Say `skip` · `stop`", output, StringComparison.Ordinal);
        Assert.DoesNotContain("press", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("  [", StringComparison.Ordinal)); // no button drawn as something to press
        string help = output[output.IndexOf("Coach: STAR interview practice for L6 and L7\n", StringComparison.Ordinal)..];
        Assert.Contains("Type a command", help, StringComparison.Ordinal);
        Assert.DoesNotContain("mock", help, StringComparison.Ordinal);
        Assert.DoesNotContain("pair", help, StringComparison.Ordinal);
        Assert.DoesNotContain("daily channel", help, StringComparison.Ordinal);
        Assert.DoesNotContain("[dm]", help, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bform\b", help);
    }

    [Fact]
    public async Task Progress_writes_the_picture_to_the_configured_folder_and_prints_its_path()
    {
        string folder = Path.Combine(Path.GetTempPath(), "coach-pictures-" + Guid.NewGuid().ToString("N"));
        var (_, output, _) = await ConsoleTransportTests.RunInProcessAsync(ConsoleTransportTests.TempDb(), WholePractice + "progress\n", $"--Console:PictureFolder={folder}");
        string path = Path.Combine(folder, ConsoleOutput.PictureName);
        Assert.Contains($"Picture saved to {path} (Progress toward L7: 1 answer, 1 on target", output, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
        Assert.Equal((ScottPlotProgressRenderer.Width, ScottPlotProgressRenderer.Height), PngImage.Size(await File.ReadAllBytesAsync(path)));
        // the text version is printed too
        Assert.Contains("Your progress toward L7", output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Progress_with_no_answers_saves_nothing_and_says_what_will_appear()
    {
        string folder = Path.Combine(Path.GetTempPath(), "coach-pictures-" + Guid.NewGuid().ToString("N"));
        var (_, output, _) = await ConsoleTransportTests.RunInProcessAsync(ConsoleTransportTests.TempDb(), "progress\n", $"--Console:PictureFolder={folder}");
        Assert.Contains("No answers yet", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Picture saved", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
