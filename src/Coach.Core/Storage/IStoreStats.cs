namespace Coach.Core.Storage;

/// <summary>Counts for operators (the open-sessions gauge).</summary>
public interface IStoreStats
{
    Task<long> CountSessionsAsync(CancellationToken cancellationToken = default);
}
