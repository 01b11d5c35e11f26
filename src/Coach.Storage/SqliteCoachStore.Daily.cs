using System.Globalization;
using Coach.Core.Daily;
using Microsoft.Data.Sqlite;

namespace Coach.Storage;

/// <summary>Daily prompt schedules and their deliveries.</summary>
/// <remarks>
/// Writes go through the single writer (<see cref="WriteAsync"/>), so a claim is one <c>INSERT ... ON CONFLICT DO NOTHING</c> on the
/// primary key (schedule_id, local_date) and exactly one caller sees its row inserted.
/// </remarks>
public sealed partial class SqliteCoachStore
{
    public async Task SaveScheduleAsync(DailySchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO schedules (id, platform, workspace, channel, user_id, owner, local_time, time_zone, days, created_at)
                VALUES ($id, $p, $w, $ch, $person, $owner, $time, $tz, $days, $at)
                ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, owner = excluded.owner, local_time = excluded.local_time,
                    time_zone = excluded.time_zone, days = excluded.days
                """, null);
            cmd.Parameters.AddWithValue("$id", schedule.Id);
            cmd.Parameters.AddWithValue("$p", schedule.Platform);
            cmd.Parameters.AddWithValue("$w", schedule.Workspace);
            cmd.Parameters.AddWithValue("$ch", schedule.Channel);
            cmd.Parameters.AddWithValue("$person", (object?)schedule.Person ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$owner", schedule.Owner);
            cmd.Parameters.AddWithValue("$time", schedule.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$tz", schedule.TimeZone);
            cmd.Parameters.AddWithValue("$days", string.Join(',', schedule.Days.Select(d => (int)d)));
            cmd.Parameters.AddWithValue("$at", schedule.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<DailySchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DailySchedule> found = await QuerySchedulesAsync("WHERE id = $id", id, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<DailySchedule>> ListSchedulesAsync(CancellationToken cancellationToken = default) =>
        QuerySchedulesAsync("", null, cancellationToken);

    private async Task<IReadOnlyList<DailySchedule>> QuerySchedulesAsync(string where, string? id, CancellationToken ct)
    {
        await using Lease lease = await OpenAsync(ct);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null,
            $"SELECT id, platform, workspace, channel, user_id, owner, local_time, time_zone, days, created_at FROM schedules {where} ORDER BY id", null);
        if (id is not null)
        {
            cmd.Parameters.AddWithValue("$id", id);
        }
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<DailySchedule>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new DailySchedule(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                TimeOnly.ParseExact(r.GetString(6), "HH:mm", CultureInfo.InvariantCulture), r.GetString(7),
                [.. r.GetString(8).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => (DayOfWeek)int.Parse(d, CultureInfo.InvariantCulture))],
                DateTimeOffset.Parse(r.GetString(9), CultureInfo.InvariantCulture)));
        }
        return list;
    }

    public Task<bool> DeleteScheduleAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand del = Command(c, tx, "DELETE FROM deliveries WHERE schedule_id = $id", null);
            del.Parameters.AddWithValue("$id", id);
            await del.ExecuteNonQueryAsync(cancellationToken);
            SqliteCommand cmd = Command(c, tx, "DELETE FROM schedules WHERE id = $id", null);
            cmd.Parameters.AddWithValue("$id", id);
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<bool> ClaimDeliveryAsync(string scheduleId, DateOnly localDate, DateTimeOffset at, string? questionId, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx,
                "INSERT INTO deliveries (schedule_id, local_date, sent_at, question_id) VALUES ($id, $d, $at, $q) ON CONFLICT DO NOTHING", null);
            cmd.Parameters.AddWithValue("$id", scheduleId);
            cmd.Parameters.AddWithValue("$d", localDate.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$q", (object?)questionId ?? DBNull.Value);
            return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task ReleaseDeliveryAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, "DELETE FROM deliveries WHERE schedule_id = $id AND local_date = $d AND answered = 0", null);
            cmd.Parameters.AddWithValue("$id", scheduleId);
            cmd.Parameters.AddWithValue("$d", localDate.ToString("O", CultureInfo.InvariantCulture));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task MarkAnsweredAsync(string scheduleId, DateOnly localDate, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, "UPDATE deliveries SET answered = 1 WHERE schedule_id = $id AND local_date = $d", null);
            cmd.Parameters.AddWithValue("$id", scheduleId);
            cmd.Parameters.AddWithValue("$d", localDate.ToString("O", CultureInfo.InvariantCulture));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<DailyDelivery>> ListDeliveriesAsync(string scheduleId, int max, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null,
            "SELECT local_date, sent_at, question_id, answered FROM deliveries WHERE schedule_id = $id ORDER BY local_date DESC LIMIT $max", null);
        cmd.Parameters.AddWithValue("$id", scheduleId);
        cmd.Parameters.AddWithValue("$max", max);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<DailyDelivery>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DailyDelivery(scheduleId, DateOnly.Parse(r.GetString(0), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3) == 1));
        }
        return list;
    }
}
