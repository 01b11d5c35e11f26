namespace Coach.Core.Storage;

/// <summary>A transport's own small state kept across restarts (a Discord gateway session to resume, for one).
/// The value is the transport's to shape; the store keeps the last one saved under each key.</summary>
public interface ITransportStateStore
{
    Task SaveTransportStateAsync(string key, string value, DateTimeOffset savedAt, CancellationToken cancellationToken = default);

    /// <summary>The last value saved under the key and when, or null.</summary>
    Task<(string Value, DateTimeOffset SavedAt)?> GetTransportStateAsync(string key, CancellationToken cancellationToken = default);
}
