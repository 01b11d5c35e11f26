using System.Text.Json;
using Coach.Core.Conversation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Discord.Tests;

public sealed class RenderingTests
{
    private static int Fences(string s) => (s.Length - s.Replace("```", "", StringComparison.Ordinal).Length) / 3;

    [Fact]
    public void Long_text_is_split_at_2000_characters_on_word_boundaries()
    {
        var text = string.Join(' ', Enumerable.Repeat("answer", 900)); // 6299 chars
        var parts = DiscordText.Split(text);
        Assert.True(parts.Count >= 4);
        Assert.All(parts, p => Assert.True(p.Length <= 2000));
        Assert.Equal(text, string.Join(' ', parts));
    }

    [Fact]
    public void A_split_never_falls_inside_a_code_block()
    {
        var lines = new List<string> { new('a', 1900) };
        lines.Add("```");
        lines.AddRange(Enumerable.Range(0, 40).Select(i => $"line {i} " + new string('x', 30)));
        lines.Add("```");
        lines.Add("after");
        var parts = DiscordText.Split(string.Join('\n', lines));
        Assert.All(parts, p => Assert.True(p.Length <= 2000));
        Assert.All(parts, p => Assert.Equal(0, Fences(p) % 2));
        Assert.StartsWith("```", parts[1], StringComparison.Ordinal); // the block moved whole to the next message

        // a block longer than a message is cut into complete blocks
        var huge = "```\n" + string.Join('\n', Enumerable.Range(0, 200).Select(i => $"row {i} " + new string('y', 40))) + "\n```";
        var pieces = DiscordText.Split(huge);
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.True(p.Length <= 2000 && Fences(p) == 2));
    }

    [Fact]
    public void Plain_text_is_escaped_so_markdown_and_mentions_show_as_typed()
    {
        Assert.Equal("\\*bold\\* \\_it\\_ \\`code\\` \\<@&1\\> @\u200Beveryone @\u200Bhere # mid-line", DiscordText.Escape("*bold* _it_ `code` <@&1> @everyone @here # mid-line"));
        Assert.Equal("\\# Title\n\\- item", DiscordText.Escape("# Title\n- item"));
    }

    [Fact]
    public void A_large_card_stays_within_embed_limits()
    {
        var fields = Enumerable.Range(0, 40).Select(i => new CardField("Dimension " + i, new string('v', 900), new string('q', 400))).ToList();
        var card = new Card(new string('T', 300), Tone.Bad, new string('b', 5000), fields,
            [new CardBar("Situation", 40, 30, 45, "40 s")], [new CardList("Probes", Enumerable.Range(0, 30).Select(i => "probe " + new string('p', 80)).ToList())], "footer");
        var messages = DiscordRenderer.Render(new Outgoing(Visibility.Channel, "1", null, "2", "Feedback", card));

        Assert.True(messages.Count > 1);
        foreach (var m in messages)
        {
            var embeds = m.Embeds ?? [];
            Assert.True(embeds.Count <= 10);
            int total = embeds.Sum(e => (e.Title?.Length ?? 0) + (e.Description?.Length ?? 0) + (e.Footer?.Text.Length ?? 0) + (e.Fields ?? []).Sum(f => f.Name.Length + f.Value.Length));
            Assert.True(total <= 6000, $"embed total {total}");
            foreach (var e in embeds)
            {
                Assert.True((e.Title?.Length ?? 0) <= 256);
                Assert.True((e.Description?.Length ?? 0) <= 4096);
                Assert.True((e.Fields?.Count ?? 0) <= 25);
                Assert.All(e.Fields ?? [], f => Assert.True(f.Name.Length <= 256 && f.Value.Length <= 1024));
                Assert.Equal(0xED4245, e.Color);
            }
            Assert.Same(AllowedMentions.None, m.AllowedMentions);
        }
        var all = messages.SelectMany(m => m.Embeds ?? []).SelectMany(e => e.Fields ?? []).ToList();
        Assert.Equal(40, all.Count(f => f.Name.StartsWith("Dimension", StringComparison.Ordinal)));
        Assert.Contains(all, f => f.Name == "Probes");
    }

    [Fact]
    public void Buttons_become_at_most_five_rows_of_five()
    {
        var buttons = Enumerable.Range(0, 30).Select(i => new ActionButton("b" + i, "Button " + i, (ButtonStyle)(i % 4))).ToList();
        var rows = DiscordRenderer.RenderButtons(buttons);
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal(5, r.Components!.Count));
        Assert.Equal([1, 2, 3, 4], rows[0].Components!.Take(4).Select(b => b.Style!.Value));
    }

    [Fact]
    public void Command_options_are_joined_in_the_command_sets_order()
    {
        var sub = JsonSerializer.Deserialize<CommandOptionValue>("""{"name":"practice","type":1,"options":[{"name":"principle","type":3,"value":"ownership"},{"name":"level","type":3,"value":"L7"}]}""", DiscordJson.Options)!;
        Assert.Equal("L7 ownership", DiscordInboundParser.CommandText(sub));
        var mock = JsonSerializer.Deserialize<CommandOptionValue>("""{"name":"mock","type":1,"options":[{"name":"level","type":3,"value":"L6"},{"name":"candidate","type":6,"value":"123456789012345678"}]}""", DiscordJson.Options)!;
        Assert.Equal("<@123456789012345678> L6", DiscordInboundParser.CommandText(mock));
    }

    [Fact]
    public void User_mentions_the_engine_writes_render_and_may_ping_but_roles_and_everyone_never_do()
    {
        var messages = DiscordRenderer.Render(new Outgoing(Visibility.Thread, "1", "2", "3", "Mock interview: <@111> interviews <@!222>. Not <@&333>, not @everyone.",
            new Card("t", Tone.Neutral, null, [new CardField("Your answer", "x", "I asked <@444> and @here")], [], [])));
        var m = Assert.Single(messages);
        Assert.StartsWith("Mock interview: <@111> interviews <@!222>. Not \\<@&333\\>, not @\u200Beveryone.", m.Content, StringComparison.Ordinal);
        Assert.Empty(m.AllowedMentions!.Parse);
        Assert.Equal(["111", "222"], m.AllowedMentions.Users!); // the card's quoted words ping nobody
        Assert.Contains("> I asked <@444> and @\u200Bhere", m.Embeds![0].Fields![0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_send_budget_keeps_places_for_heartbeats_and_never_passes_120_a_minute()
    {
        var time = new FakeTimeProvider();
        var budget = new GatewaySendBudget(time);
        for (int i = 0; i < 116; i++)
        {
            await budget.WaitAsync(false, CancellationToken.None);
        }
        var blocked = budget.WaitAsync(false, CancellationToken.None);
        Assert.False(blocked.IsCompleted);
        for (int i = 0; i < 4; i++)
        {
            await budget.WaitAsync(true, CancellationToken.None); // heartbeats still go
        }
        var heartbeatBlocked = budget.WaitAsync(true, CancellationToken.None);
        Assert.False(heartbeatBlocked.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(60));
        await blocked;
        await heartbeatBlocked;
    }

    [Fact]
    public void Options_are_validated()
    {
        var validator = new DiscordOptionsValidator();
        Assert.True(validator.Validate(null, new DiscordOptions { Token = "t" }).Succeeded);
        Assert.True(validator.Validate(null, new DiscordOptions()).Failed);
        Assert.True(validator.Validate(null, new DiscordOptions { Token = "t", ShardId = 1 }).Failed);
        Assert.True(validator.Validate(null, new DiscordOptions { Token = "t", ShardId = 2, ShardCount = 2 }).Failed);
        Assert.True(validator.Validate(null, new DiscordOptions { Token = "t", ApiBaseUrl = "not a url" }).Failed);
        var failure = validator.Validate(null, new DiscordOptions { Token = "secret-token", ApplicationId = "abc" });
        Assert.DoesNotContain("secret-token", failure.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", new DiscordOptions { Token = "secret-token" }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reconnect_backoff_doubles_with_jitter_up_to_the_cap()
    {
        var options = Options.Create(new DiscordOptions { Token = "t", ReconnectBaseDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(60) });
        using var http = new HttpClient();
        var rest = new DiscordRestClient(http, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<DiscordRestClient>.Instance);
        var gateway = new DiscordGatewayClient(rest, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<DiscordGatewayClient>.Instance);
        for (int n = 0; n < 50; n++)
        {
            Assert.InRange(gateway.Backoff(0), TimeSpan.Zero, TimeSpan.FromSeconds(1));
            Assert.InRange(gateway.Backoff(1), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
            Assert.InRange(gateway.Backoff(3), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
            Assert.InRange(gateway.Backoff(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        }
        var samples = Enumerable.Range(0, 50).Select(_ => gateway.Backoff(3)).Distinct().Count();
        Assert.True(samples > 1); // jittered
    }

    [Fact]
    public void Recent_ids_drop_repeats_and_forget_the_oldest_past_capacity()
    {
        var ids = new RecentIds(capacity: 3);
        Assert.True(ids.TryAdd("a"));
        Assert.False(ids.TryAdd("a"));
        Assert.True(ids.TryAdd("b"));
        Assert.True(ids.TryAdd("c"));
        Assert.True(ids.TryAdd("d")); // "a" falls out
        Assert.True(ids.TryAdd("a"));
        Assert.False(ids.TryAdd("d"));
    }

    [Fact]
    public void A_button_value_travels_in_the_custom_id_and_comes_back()
    {
        var daily = new ActionButton("coach:daily", "Start", ButtonStyle.Primary, "discord:123456789012345678:person:123456789012345678|broad-responsibility-7");
        string customId = DiscordRenderer.ButtonCustomId(daily);
        Assert.True(customId.Length <= DiscordRenderer.MaxCustomId);
        Assert.Equal(("coach:daily", daily.Value), DiscordRenderer.ParseButtonCustomId(customId));
        Assert.Equal(("coach:skip", (string?)null), DiscordRenderer.ParseButtonCustomId(DiscordRenderer.ButtonCustomId(new ActionButton("coach:skip", "Skip"))));
    }
}
