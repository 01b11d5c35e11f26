using Coach.Core.Conversation;

namespace Coach.Discord.Replies;

/// <summary>Posts to Discord without an incoming event (daily prompts, pairing notes): Direct and Ephemeral go by DM,
/// Thread with a title opens the thread.</summary>
public sealed class DiscordProactiveSender(DiscordTransport transport) : IProactiveSender
{
    public string Platform => Platforms.Discord;

    public Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default) =>
        transport.Replies.SendProactiveAsync(workspace, message, cancellationToken);
}
