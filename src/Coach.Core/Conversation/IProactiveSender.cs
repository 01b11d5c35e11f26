namespace Coach.Core.Conversation;

/// <summary>A transport's way to post without an incoming event (daily prompts, pairing notes). One per platform.</summary>
public interface IProactiveSender
{
    string Platform { get; }

    /// <summary>Sends one message in a workspace. Direct visibility goes to <see cref="Outgoing.User"/>'s DM.</summary>
    Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default);
}
