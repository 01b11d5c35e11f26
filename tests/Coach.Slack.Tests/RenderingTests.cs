using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Slack.Rendering;

namespace Coach.Slack.Tests;

public sealed class RenderingTests
{
    private static IEnumerable<JsonObject> Blocks(IEnumerable<Api.SlackMessage> messages) =>
        messages.SelectMany(m => m.Blocks ?? []).Select(b => b!.AsObject());

    private static string Type(JsonObject b) => b["type"]!.GetValue<string>();

    [Fact]
    public void Escape_makes_mentions_and_links_inert()
    {
        Assert.Equal("&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;!here&gt; &lt;!subteam^S1&gt;", SlackText.Escape("<!channel> & <@U1> <!here> <!subteam^S1>"));
        Assert.Equal(">a &lt;b&gt;\n>c", SlackText.Quote("a <b>\nc"));
    }

    [Fact]
    public void Long_plain_text_is_split_into_several_messages_at_word_boundaries()
    {
        var words = string.Join(" ", Enumerable.Range(0, 2000).Select(i => $"word{i}"));
        var messages = BlockKitRenderer.Render(new Outgoing(Visibility.Channel, "C1", null, "U1", words));
        Assert.True(messages.Count >= 4);
        Assert.All(messages, m => Assert.True(m.Text.Length <= BlockKitRenderer.MaxMessageText));
        Assert.Equal(words, string.Join(" ", messages.Select(m => m.Text)));
    }

    [Fact]
    public void Split_never_cuts_an_escape_entity()
    {
        var text = SlackText.Escape(new string('a', 95) + "<<<<<<<<<<");
        foreach (var piece in SlackText.Split(text, 100))
        {
            Assert.True(piece.Length <= 100);
            var amp = piece.LastIndexOf('&');
            Assert.True(amp < 0 || piece.IndexOf(';', amp) > amp, piece);
        }
    }

    [Fact]
    public void A_feedback_card_becomes_header_sections_quotes_context_and_buttons_within_limits()
    {
        var card = new Card(new string('T', 400), Tone.Good, new string('b', 7000),
            [new CardField("Impact", "L7", "we saved <!channel> $12M"), new CardField("Scope", "5+ teams")],
            [new CardBar("Situation", 40, 45, 60, "40 s"), new CardBar("Action", 100, 90, 120, "100 s")],
            [new CardList("Probes", ["How was $12M attributed?", "Baseline?"])],
            "footer");
        var outgoing = new Outgoing(Visibility.Thread, "C1", "1.1", "U1", "Feedback", card,
            [new ActionButton("next", new string('L', 200), ButtonStyle.Primary), new ActionButton("stop", "Stop", ButtonStyle.Danger), new ActionButton("redo", "Redo")]);

        var messages = BlockKitRenderer.Render(outgoing);
        var blocks = Blocks(messages).ToList();
        var header = blocks.Single(b => Type(b) == "header");
        Assert.True(header["text"]!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxHeaderText);
        Assert.All(blocks.Where(b => Type(b) == "section"), b => Assert.True(b["text"]!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxSectionText));
        Assert.Contains(blocks, b => Type(b) == "section" && b["text"]!["text"]!.GetValue<string>() == "*Impact*\nL7\n>we saved &lt;!channel&gt; $12M");
        var context = blocks.First(b => Type(b) == "context");
        Assert.Equal(2, context["elements"]!.AsArray().Count);
        Assert.Contains(new CardBar("Action", 100, 90, 120, "100 s").Render(), context["elements"]![1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(blocks, b => Type(b) == "section" && b["text"]!["text"]!.GetValue<string>().StartsWith("*Probes*\n• How was $12M", StringComparison.Ordinal));
        var actions = blocks.Single(b => Type(b) == "actions")["elements"]!.AsArray();
        Assert.Equal(3, actions.Count);
        Assert.Equal("next", actions[0]!["action_id"]!.GetValue<string>());
        Assert.Equal("primary", actions[0]!["style"]!.GetValue<string>());
        Assert.Equal("danger", actions[1]!["style"]!.GetValue<string>());
        Assert.Null(actions[2]!["style"]);
        Assert.Null(actions[0]!["value"]);
        Assert.True(actions[0]!["text"]!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxButtonText);
        Assert.Equal("Feedback", messages[0].Text);
    }

    [Fact]
    public void More_than_50_blocks_spill_into_further_messages_with_buttons_last()
    {
        var fields = Enumerable.Range(0, 80).Select(i => new CardField($"F{i}", "v")).ToList();
        var card = new Card("Big", Tone.Neutral, null, fields, [], []);
        var messages = BlockKitRenderer.Render(new Outgoing(Visibility.Channel, "C1", null, "U1", "", card, [new ActionButton("next", "Next")]));
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.True(m.Blocks!.Count <= BlockKitRenderer.MaxBlocksPerMessage));
        Assert.Equal("actions", messages[^1].Blocks![^1]!["type"]!.GetValue<string>());
        Assert.Equal(1 + 80 + 1, messages.Sum(m => m.Blocks!.Count));
    }

    [Fact]
    public void A_form_becomes_a_modal_with_multiline_inputs()
    {
        var form = new FormRequest("review", "Review a whole STAR answer", [
            new FormField("situation", "Situation", true, 3000),
            new FormField("task", "Task", true, 5000, Placeholder: "What was yours to do?"),
            new FormField("action", "Action", true, 3000),
            new FormField("result", "Result", true, 3000, Required: false),
        ]);
        var view = BlockKitRenderer.RenderModal(form, "{}");
        Assert.Equal("modal", view["type"]!.GetValue<string>());
        Assert.Equal("review", view["callback_id"]!.GetValue<string>());
        Assert.True(view["title"]!["text"]!.GetValue<string>().Length <= 24);
        var blocks = view["blocks"]!.AsArray();
        Assert.Equal(4, blocks.Count);
        Assert.All(blocks, b =>
        {
            Assert.Equal("input", b!["type"]!.GetValue<string>());
            Assert.True(b["element"]!["multiline"]!.GetValue<bool>());
            Assert.Equal("plain_text_input", b["element"]!["type"]!.GetValue<string>());
            Assert.True(b["element"]!["max_length"]!.GetValue<int>() <= 3000);
        });
        Assert.True(blocks[3]!["optional"]!.GetValue<bool>());
    }
}
