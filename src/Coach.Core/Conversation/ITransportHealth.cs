namespace Coach.Core.Conversation;

public enum TransportState
{
    Starting,
    Connected,
    Resuming,
    /// <summary>Stopped for good (bad token, disabled link): readiness fails with <see cref="TransportHealth.Reason"/>.</summary>
    Stopped,
}

public sealed record TransportHealth(string Transport, TransportState State, string? Reason, DateTimeOffset Since);

/// <summary>Each transport reports its link state; the worker's readiness check reads every one.</summary>
public interface ITransportHealth
{
    TransportHealth Current { get; }
}
