using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

public class ParserAndDataTests
{
    [Fact]
    public void Headings_may_use_the_words_people_write_instead_of_the_four_names()
    {
        const string text = """
            **Context:** our search service returned nothing for 12% of queries.
            **My role:** I managed the relevance team and owned the fix.
            **What I did:**
            1. I had my team log every empty query.
            2. I partnered with the catalog team on synonyms.
            **Outcome:** empty results fell to 4%.
            **Lessons learned:** check the data before the model.
            """;
        Assert.True(AnswerParser.TryParseHeadings(text, out StarAnswer a));
        Assert.Equal("our search service returned nothing for 12% of queries.", a.Situation);
        Assert.Equal("I managed the relevance team and owned the fix.", a.Task);
        Assert.Contains("2. I partnered with the catalog team on synonyms.", a.Action, StringComparison.Ordinal);
        Assert.Equal("empty results fell to 4%.\ncheck the data before the model.", a.Result);

        // with the four names present, a line that starts with "Impact:" stays inside its part
        Assert.True(AnswerParser.TryParseHeadings("Situation: it broke.\nTask: fix it.\nAction: I fixed it.\nResult: it works.\nImpact: $2M a year.", out StarAnswer b));
        Assert.Equal("it works.\nImpact: $2M a year.", b.Result);
    }

    [Fact]
    public void Headed_text_is_split_into_parts_with_markdown_and_multiple_lines()
    {
        const string text = "**Situation:** The app was slow.\nIt hurt sales.\n\n## Task: make it fast\n- Action - I led 6 engineers.\nResult: 40% faster.";
        Assert.True(AnswerParser.TryParseHeadings(text, out StarAnswer a));
        Assert.Equal("The app was slow.\nIt hurt sales.", a.Situation);
        Assert.Equal("make it fast", a.Task);
        Assert.Equal("I led 6 engineers.", a.Action);
        Assert.Equal("40% faster.", a.Result);
    }

    [Fact]
    public void Headings_alone_on_their_line_as_markdown_writes_them_are_read()
    {
        // "## Situation" with no colon: a heading alone on its line is not joined to the bullet under it
        const string text = "## Situation\nJobs missed their 6am SLA twice a week.\n## Task\nI owned meeting it every day.\n## Action\n- I had my team instrument every job\n- I moved two queries off the critical path\n**Result**\nWe met the SLA 63 days in a row.";
        Assert.True(AnswerParser.TryParseHeadings(text, out StarAnswer a));
        Assert.Equal("Jobs missed their 6am SLA twice a week.", a.Situation);
        Assert.Equal("I owned meeting it every day.", a.Task);
        Assert.Equal("- I had my team instrument every job\n- I moved two queries off the critical path", a.Action);
        Assert.Equal("We met the SLA 63 days in a row.", a.Result);

        Assert.True(AnswerParser.TryParseHeadings("Situation\r\nIt broke.\r\nTask\r\nFix it.\r\nAction\r\nI fixed it.\r\nResult\r\nIt works.", out StarAnswer crlf));
        Assert.Equal(("It broke.", "Fix it.", "I fixed it.", "It works."), (crlf.Situation, crlf.Task, crlf.Action, crlf.Result));
    }

    [Theory]
    [InlineData("(S) It broke.\n(T) Fix it.\n(A) I led 6 engineers.\n(R) 40% faster.")]
    [InlineData("S) It broke.\nT) Fix it.\nA) I led 6 engineers.\nR) 40% faster.")]
    [InlineData("[Situation] It broke.\n[Task]: Fix it.\n[Action] I led 6 engineers.\n[Result] - 40% faster.")]
    [InlineData("- **(S)** It broke.\n- **(T)** Fix it.\n- **(A)** I led 6 engineers.\n- **(R)** 40% faster.")]
    public void A_parts_name_or_letter_in_brackets_is_a_heading(string text)
    {
        Assert.True(AnswerParser.TryParseHeadings(text, out StarAnswer a));
        Assert.Equal(("It broke.", "Fix it.", "I led 6 engineers.", "40% faster."), (a.Situation, a.Task, a.Action, a.Result));
    }

    [Fact]
    public void Text_that_only_opens_like_JSON_is_read_as_text_and_broken_JSON_still_says_so()
    {
        AnswerParser.Parsed text = Assert.Single(AnswerParser.ParseInput("[S] It broke.\n[T] Fix it.\n[A] I led 6 engineers.\n[R] 40% faster."));
        Assert.Null(text.Error);
        Assert.Equal("I led 6 engineers.", text.Answer!.Action);

        AnswerParser.Parsed broken = Assert.Single(AnswerParser.ParseInput("[{\"situation\": \"it broke\""));
        Assert.Null(broken.Answer);
        Assert.StartsWith("not valid JSON", broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_JSON_answer_with_the_whole_story_in_one_field_is_read_as_text()
    {
        var story = new
        {
            id = "one-field",
            situation = "When I joined as engineering manager, my team of six shipped once every six weeks and three of them were looking around.\n\n" +
                        "My goal was to keep them and fill four open roles within the year.\n\n" +
                        "I moved the legacy on-call to the payments team, wrote a development plan with each engineer, and rebuilt our interview loop.\n\n" +
                        "We hired four engineers in eight months, shipped every two weeks, and nobody left; I learned to fix the load before the morale.",
            task = "", action = "", result = "",
        };
        AnswerParser.Parsed parsed = Assert.Single(AnswerParser.ParseInput(System.Text.Json.JsonSerializer.Serialize(story)));
        Assert.Null(parsed.Error);
        Assert.True(parsed.PartsInferred);
        Assert.Equal("one-field", parsed.Id);
        Assert.StartsWith("I moved the legacy on-call", parsed.Answer!.Action, StringComparison.Ordinal);
        Assert.Contains("We hired four engineers", parsed.Answer.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_lettered_a_b_c_is_not_read_as_headings()
    {
        Assert.False(AnswerParser.TryParseHeadings("We had three options:\na) rewrite it\nb) patch it\nc) buy one", out _));
    }

    [Fact]
    public void Headings_typed_on_one_line_are_split_too()
    {
        Assert.True(AnswerParser.TryParseHeadings("Situation: it broke. Task: fix it. Action: I led 6 engineers. Result: 40% faster.", out StarAnswer a));
        Assert.Equal("it broke.", a.Situation);
        Assert.Equal("fix it.", a.Task);
        Assert.Equal("I led 6 engineers.", a.Action);
        Assert.Equal("40% faster.", a.Result);
    }

    [Fact]
    public void Json_objects_and_json_lines_are_read()
    {
        var one = AnswerParser.ParseInput("{\"Situation\":\"s\",\"task\":\"t\",\"action\":\"a\",\"result\":\"r\"}");
        Assert.Equal("s", Assert.Single(one).Answer!.Situation);
        var many = AnswerParser.ParseInput("{\"id\":\"x\",\"situation\":\"s\",\"task\":\"t\",\"action\":\"a\",\"result\":\"r\"}\n{\"situation\":\"s2\",\"task\":\"t\",\"action\":\"a\",\"result\":\"r\"}\n");
        Assert.Equal(2, many.Count);
        Assert.Equal("x", many[0].Id);
        Assert.Equal("s2", many[1].Answer!.Situation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{not json")]
    [InlineData("just some words without headings")]
    [InlineData("{\"foo\": 1}")]
    public void Bad_input_is_an_error_not_an_exception(string input)
    {
        var parsed = Assert.Single(AnswerParser.ParseInput(input));
        Assert.Null(parsed.Answer);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Fact]
    public void The_rubric_seed_has_every_dimension_and_timing_window()
    {
        RubricData r = RubricData.Default;
        Assert.Equal(150, r.WordsPerMinute);
        Assert.Equal(Enum.GetValues<Dimension>().Length, r.Dimensions.Count);
        Assert.Equal(new TimeWindow(45, 60), r.Window(Level.L7, StarPart.Situation));
        Assert.Equal(new TimeWindow(60, 90), r.Window(Level.L6, StarPart.Action));
        Assert.Equal(new TimeWindow(180, 240), r.TotalWindow(Level.L7));
        Assert.Equal(8, r.RedFlags.Count);
    }

    [Fact]
    public void The_question_bank_covers_sixteen_principles_with_six_or_more_questions_each()
    {
        QuestionBank bank = QuestionBank.Default;
        Assert.Equal(16, bank.Principles.Count);
        foreach (PrincipleInfo p in bank.Principles)
        {
            var questions = bank.For(p.Id).ToList();
            Assert.True(questions.Count >= 6, $"{p.Id} has {questions.Count}");
            Assert.All(questions, q => Assert.NotEmpty(q.Signals));
            Assert.NotEmpty(p.L6Focus);
            Assert.NotEmpty(p.L7Focus);
        }
        Assert.Equal(bank.Questions.Count, bank.Questions.Select(q => q.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("ownership", "ownership")]
    [InlineData("Think Big", "think-big")]
    [InlineData("dive", "dive-deep")]
    [InlineData("customer obsession", "customer-obsession")]
    public void Principles_are_found_by_id_name_or_prefix(string text, string id)
    {
        Assert.Equal(id, QuestionBank.Default.FindPrinciple(text)?.Id);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("one", 1)]
    [InlineData("  two  words  ", 2)]
    [InlineData("tabs\tand\nlines\r\nand\u000Bform\u000Cfeeds", 6)]
    [InlineData("a\u00A0non-breaking\u2003em space and\u3000ideographic", 6)]
    [InlineData("I led 3 teams — 24 engineers — across two sites.", 11)]
    [InlineData("naïve café résumé words sit among ascii ones here", 9)]
    public void Words_are_runs_between_white_space(string text, int words)
    {
        Assert.Equal(words, TextScan.CountWords(text));
    }

    [Fact]
    public void Word_count_agrees_with_a_character_by_character_reading_on_long_mixed_text()
    {
        // the count reads eight ASCII characters at a time and falls back to one at a time elsewhere: the two must agree
        // wherever a run of words crosses from one to the other
        string[] pieces = ["word", " ", "  ", "\t", "\n", "é", "\u00A0", "\u2003", "—", "x", "longerword", "12", "$3M", "’s"];
        var random = new Random(7);
        for (int round = 0; round < 300; round++)
        {
            var sb = new System.Text.StringBuilder();
            int length = random.Next(0, 120);
            for (int k = 0; k < length; k++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }
            string text = sb.ToString();
            int expected = 0;
            bool inWord = false;
            foreach (char c in text)
            {
                bool wordChar = !char.IsWhiteSpace(c);
                expected += wordChar && !inWord ? 1 : 0;
                inWord = wordChar;
            }
            Assert.Equal(expected, TextScan.CountWords(text));
        }
    }

    [Fact]
    public void Words_are_lowercased_whatever_their_script_or_length()
    {
        string longWord = "Super" + new string('X', 70) + "-Long";
        Token[] tokens = TextScan.Tokenize($"Don’t SHIP the ÉTÉ Data-Science R&D plan {longWord} 3-year");
        Assert.Equal(["don't", "ship", "the", "été", "data-science", "r&d", "plan", longWord.ToLowerInvariant(), "3", "-", "year"],
            tokens.Select(t => t.Text));
        Assert.Equal([false, false, false, false, true, false, false, true, false, false, false], tokens.Select(t => t.Hyphenated));
        Assert.True(tokens[2].Id >= 0, "a word the lexicon knows carries its id");
        Assert.Equal(-1, tokens[3].Id);
    }
}
