using System.Text.Json.Nodes;

namespace Coach.Slack.Tests;

public sealed class ManifestTests
{
    private static JsonNode Manifest()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "config", "slack-app-manifest.json")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "config", "slack-app-manifest.json")))!;
    }

    [Fact]
    public void The_manifest_asks_for_what_the_transport_uses_and_enables_socket_mode()
    {
        var m = Manifest();
        var scopes = m["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "chat:write", "im:history", "channels:history", "groups:history", "app_mentions:read", "commands", "im:write", "users:read", "files:write" }, scopes);
        var events = m["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "app_mention", "message.im", "message.channels", "message.groups" }, events);
        Assert.True(m["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.True(m["settings"]!["interactivity"]!["is_enabled"]!.GetValue<bool>());
        Assert.Equal("/coach", m["features"]!["slash_commands"]![0]!["command"]!.GetValue<string>());
        // Escaping makes Slack send "@pat" in a command as <@U…|pat>, which is how `mock @candidate` finds the candidate.
        Assert.True(m["features"]!["slash_commands"]![0]!["should_escape"]!.GetValue<bool>());
    }
}
