using Coach.Core.Conversation;

namespace Coach.Slack;

/// <summary>Posts to Slack without an incoming event (daily prompts): a Direct message opens the person's DM first.</summary>
public sealed class SlackProactiveSender(SlackDispatcher dispatcher) : IProactiveSender
{
    public string Platform => Platforms.Slack;

    public Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default) =>
        dispatcher.SendProactiveAsync(workspace, message, cancellationToken);
}
