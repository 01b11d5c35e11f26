namespace Coach.Core.Daily;

/// <summary>Where daily schedules and their deliveries live. Each (schedule, local date) is claimed exactly once, across restarts and replicas.</summary>
public interface IScheduleStore
{
    Task SaveScheduleAsync(DailySchedule schedule, CancellationToken cancellationToken = default);

    Task<DailySchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken = default);

    Task<bool> DeleteScheduleAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DailySchedule>> ListSchedulesAsync(CancellationToken cancellationToken = default);

    /// <summary>Claims the prompt of one local date; false when it was already claimed (sent, or being sent by another worker).</summary>
    Task<bool> ClaimDeliveryAsync(string scheduleId, DateOnly localDate, DateTimeOffset at, string? questionId, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim back after a failed send, so a later pass can try again within the catch-up window.</summary>
    Task ReleaseDeliveryAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default);

    /// <summary>Marks the delivery of that local date answered (a finished answer that day).</summary>
    Task MarkAnsweredAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default);

    /// <summary>The deliveries of a schedule, newest first.</summary>
    Task<IReadOnlyList<DailyDelivery>> ListDeliveriesAsync(string scheduleId, int max, CancellationToken cancellationToken = default);
}

public sealed record DailyDelivery(string ScheduleId, DateOnly LocalDate, DateTimeOffset SentAt, string? QuestionId, bool Answered);
