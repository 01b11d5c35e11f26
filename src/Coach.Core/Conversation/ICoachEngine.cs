namespace Coach.Core.Conversation;

/// <summary>The coaching conversation. Transports hand it one event and send what it returns, in order.</summary>
public interface ICoachEngine
{
    Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default);
}
