namespace Coach.Core.Storage;

/// <summary>Tells a store that cannot be used right now (server down or restarting, network gone, disk full, file locked)
/// from a bug, so the person can be told to send their message again and readiness can say why.</summary>
public interface IStoreFaults
{
    /// <summary>True when the exception, or one it wraps, means the store cannot be reached or cannot write right now.</summary>
    bool IsOutage(Exception exception);
}
