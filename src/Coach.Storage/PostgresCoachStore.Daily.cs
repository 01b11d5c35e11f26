using Coach.Core.Daily;
using Npgsql;
using NpgsqlTypes;

namespace Coach.Storage;

/// <summary>Daily prompt schedules and their deliveries, with the semantics of <see cref="SqliteCoachStore"/>.</summary>
/// <remarks>
/// A claim is <c>INSERT ... ON CONFLICT DO NOTHING</c> on the primary key (schedule_id, local_date): when two workers claim at once,
/// the second insert waits for the first transaction and then inserts nothing, so exactly one of them sends the prompt.
/// </remarks>
public sealed partial class PostgresCoachStore
{
    public async Task SaveScheduleAsync(DailySchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            INSERT INTO schedules (id, platform, workspace, channel, user_id, owner, local_time, time_zone, days, created_at)
            VALUES (@id, @p, @w, @ch, @person, @owner, @time, @tz, @days, @at)
            ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, owner = excluded.owner, local_time = excluded.local_time,
                time_zone = excluded.time_zone, days = excluded.days
            """, null);
        cmd.Parameters.AddWithValue("id", schedule.Id);
        cmd.Parameters.AddWithValue("p", schedule.Platform);
        cmd.Parameters.AddWithValue("w", schedule.Workspace);
        cmd.Parameters.AddWithValue("ch", schedule.Channel);
        cmd.Parameters.Add(new NpgsqlParameter("person", NpgsqlDbType.Text) { Value = (object?)schedule.Person ?? DBNull.Value });
        cmd.Parameters.AddWithValue("owner", schedule.Owner);
        // minutes, as SQLite keeps them ("HH:mm")
        cmd.Parameters.AddWithValue("time", new TimeOnly(schedule.LocalTime.Hour, schedule.LocalTime.Minute));
        cmd.Parameters.AddWithValue("tz", schedule.TimeZone);
        cmd.Parameters.AddWithValue("days", schedule.Days.Select(d => (int)d).ToArray());
        cmd.Parameters.AddWithValue("at", schedule.CreatedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DailySchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DailySchedule> found = await QuerySchedulesAsync("WHERE id = @id", id, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<DailySchedule>> ListSchedulesAsync(CancellationToken cancellationToken = default) =>
        QuerySchedulesAsync("", null, cancellationToken);

    private async Task<IReadOnlyList<DailySchedule>> QuerySchedulesAsync(string where, string? id, CancellationToken ct)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(ct);
        // COLLATE "C": the same byte order as SQLite's ORDER BY id, whatever the database's collation
        await using NpgsqlCommand cmd = Command(c, null,
            $"SELECT id, platform, workspace, channel, user_id, owner, local_time, time_zone, days, created_at FROM schedules {where} ORDER BY id COLLATE \"C\"", null);
        if (id is not null)
        {
            cmd.Parameters.AddWithValue("id", id);
        }
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<DailySchedule>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new DailySchedule(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                r.GetFieldValue<TimeOnly>(6), r.GetString(7), [.. r.GetFieldValue<int[]>(8).Select(d => (DayOfWeek)d)], r.GetFieldValue<DateTimeOffset>(9)));
        }
        return list;
    }

    public async Task<bool> DeleteScheduleAsync(string id, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
        await using (NpgsqlCommand del = Command(c, tx, "DELETE FROM deliveries WHERE schedule_id = @id", null))
        {
            del.Parameters.AddWithValue("id", id);
            await del.ExecuteNonQueryAsync(cancellationToken);
        }
        int removed;
        await using (NpgsqlCommand cmd = Command(c, tx, "DELETE FROM schedules WHERE id = @id", null))
        {
            cmd.Parameters.AddWithValue("id", id);
            removed = await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return removed > 0;
    }

    public async Task<bool> ClaimDeliveryAsync(string scheduleId, DateOnly localDate, DateTimeOffset at, string? questionId, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null,
            "INSERT INTO deliveries (schedule_id, local_date, sent_at, question_id) VALUES (@id, @d, @at, @q) ON CONFLICT DO NOTHING", null);
        cmd.Parameters.AddWithValue("id", scheduleId);
        cmd.Parameters.AddWithValue("d", localDate);
        cmd.Parameters.AddWithValue("at", at.ToUniversalTime());
        cmd.Parameters.Add(new NpgsqlParameter("q", NpgsqlDbType.Text) { Value = (object?)questionId ?? DBNull.Value });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseDeliveryAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, "DELETE FROM deliveries WHERE schedule_id = @id AND local_date = @d AND NOT answered", null);
        cmd.Parameters.AddWithValue("id", scheduleId);
        cmd.Parameters.AddWithValue("d", localDate);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkAnsweredAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, "UPDATE deliveries SET answered = TRUE WHERE schedule_id = @id AND local_date = @d", null);
        cmd.Parameters.AddWithValue("id", scheduleId);
        cmd.Parameters.AddWithValue("d", localDate);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DailyDelivery>> ListDeliveriesAsync(string scheduleId, int max, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null,
            "SELECT local_date, sent_at, question_id, answered FROM deliveries WHERE schedule_id = @id ORDER BY local_date DESC LIMIT @max", null);
        cmd.Parameters.AddWithValue("id", scheduleId);
        // a negative max is no limit, as in SQLite
        cmd.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = max < 0 ? DBNull.Value : max });
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<DailyDelivery>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DailyDelivery(scheduleId, r.GetFieldValue<DateOnly>(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetBoolean(3)));
        }
        return list;
    }
}
