using Coach.Core.Mock;
using Npgsql;
using NpgsqlTypes;

namespace Coach.Storage;

/// <summary>Peer mock interviews, mock channels, the pairing queue and last roles, with the semantics of <see cref="SqliteCoachStore"/>.</summary>
public sealed partial class PostgresCoachStore
{
    public async Task SaveMockAsync(MockInterview mock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mock);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            INSERT INTO mocks (id, platform, workspace, channel, thread, interviewer, candidate, state, doc, created_at, updated_at)
            VALUES (@id, @p, @w, @ch, @th, @i, @c, @s, @doc, @at, @up)
            ON CONFLICT (id) DO UPDATE SET thread = excluded.thread, state = excluded.state, doc = excluded.doc, updated_at = excluded.updated_at
            """, null);
        cmd.Parameters.AddWithValue("id", mock.Id);
        cmd.Parameters.AddWithValue("p", mock.Platform);
        cmd.Parameters.AddWithValue("w", mock.Workspace);
        cmd.Parameters.AddWithValue("ch", mock.Channel);
        cmd.Parameters.Add(new NpgsqlParameter("th", NpgsqlDbType.Text) { Value = (object?)mock.Thread ?? DBNull.Value });
        cmd.Parameters.AddWithValue("i", mock.Interviewer);
        cmd.Parameters.AddWithValue("c", mock.Candidate);
        cmd.Parameters.AddWithValue("s", mock.State.ToString());
        cmd.Parameters.AddWithValue("doc", StoreJson.Mock(mock));
        cmd.Parameters.AddWithValue("at", mock.CreatedAt.ToUniversalTime());
        cmd.Parameters.AddWithValue("up", mock.UpdatedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MockInterview?> GetMockAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE id = @id", cmd => cmd.Parameters.AddWithValue("id", id), cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<MockInterview?> UpdateMockAsync(string id, Func<MockInterview, MockInterview?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        // read, changed and written in one transaction that holds the row's lock from the read (FOR UPDATE): another
        // worker's change waits for this one and then reads what it wrote, so none is lost and none retries (a
        // compare-and-set loop here could be outrun by its rivals indefinitely)
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
        string? before;
        await using (NpgsqlCommand read = Command(c, tx, "SELECT doc FROM mocks WHERE id = @id FOR UPDATE", null))
        {
            read.Parameters.AddWithValue("id", id);
            before = await read.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (before is null || change(StoreJson.Mock(before)) is not { } after)
        {
            return null; // no such mock, or the change does not apply in its current state; the transaction rolls back
        }
        await using NpgsqlCommand cmd = Command(c, tx, "UPDATE mocks SET thread = @th, state = @s, doc = @doc, updated_at = @up WHERE id = @id", null);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("th", NpgsqlDbType.Text) { Value = (object?)after.Thread ?? DBNull.Value });
        cmd.Parameters.AddWithValue("s", after.State.ToString());
        cmd.Parameters.AddWithValue("doc", StoreJson.Mock(after));
        cmd.Parameters.AddWithValue("up", after.UpdatedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return after;
    }

    public async Task<MockInterview?> FindMockByThreadAsync(string platform, string workspace, string thread, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE platform = @p AND workspace = @w AND thread = @th ORDER BY created_at DESC, id DESC LIMIT 1", cmd =>
        {
            cmd.Parameters.AddWithValue("p", platform);
            cmd.Parameters.AddWithValue("w", workspace);
            cmd.Parameters.AddWithValue("th", thread);
        }, cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<MockInterview?> FindOpeningMockAsync(string platform, string workspace, string channel, string interviewer, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE platform = @p AND workspace = @w AND channel = @ch AND state = 'Opening' AND (interviewer = @u OR candidate = @u) ORDER BY created_at DESC, id DESC LIMIT 1", cmd =>
        {
            cmd.Parameters.AddWithValue("p", platform);
            cmd.Parameters.AddWithValue("w", workspace);
            cmd.Parameters.AddWithValue("ch", channel);
            cmd.Parameters.AddWithValue("u", interviewer);
        }, cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<IReadOnlyList<MockInterview>> ListUnstartedMocksAsync(CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE state IN ('Answering', 'Opening')", _ => { }, cancellationToken)).Where(m => m.StartedAt is null).ToList();

    private async Task<IReadOnlyList<MockInterview>> QueryMocksAsync(string where, Action<NpgsqlCommand> bind, CancellationToken ct)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null, $"SELECT doc FROM mocks {where}", null);
        bind(cmd);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<MockInterview>();
        while (await r.ReadAsync(ct))
        {
            list.Add(StoreJson.Mock(r.GetString(0)));
        }
        return list;
    }

    public async Task SetMockChannelAsync(string platform, string workspace, string channel, bool on, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, on
            ? "INSERT INTO mock_channels (platform, workspace, channel) VALUES (@p, @w, @ch) ON CONFLICT DO NOTHING"
            : "DELETE FROM mock_channels WHERE platform = @p AND workspace = @w AND channel = @ch", null);
        cmd.Parameters.AddWithValue("p", platform);
        cmd.Parameters.AddWithValue("w", workspace);
        cmd.Parameters.AddWithValue("ch", channel);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsMockChannelAsync(string platform, string workspace, string channel, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, "SELECT EXISTS (SELECT 1 FROM mock_channels WHERE platform = @p AND workspace = @w AND channel = @ch)", null);
        cmd.Parameters.AddWithValue("p", platform);
        cmd.Parameters.AddWithValue("w", workspace);
        cmd.Parameters.AddWithValue("ch", channel);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<QueueEntry>> EnqueueAsync(QueueEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
        await using (NpgsqlCommand ins = Command(c, tx, """
            INSERT INTO mock_queue (platform, workspace, channel, user_id, last_role, queued_at) VALUES (@p, @w, @ch, @u, @role, @at)
            ON CONFLICT DO NOTHING
            """, null))
        {
            ins.Parameters.AddWithValue("p", entry.Platform);
            ins.Parameters.AddWithValue("w", entry.Workspace);
            ins.Parameters.AddWithValue("ch", entry.Channel);
            ins.Parameters.AddWithValue("u", entry.User);
            ins.Parameters.Add(new NpgsqlParameter("role", NpgsqlDbType.Text) { Value = (object?)entry.LastRole ?? DBNull.Value });
            ins.Parameters.AddWithValue("at", entry.QueuedAt.ToUniversalTime());
            await ins.ExecuteNonQueryAsync(cancellationToken);
        }
        var list = new List<QueueEntry>();
        await using (NpgsqlCommand q = Command(c, tx,
            "SELECT user_id, last_role, queued_at FROM mock_queue WHERE platform = @p AND workspace = @w AND channel = @ch ORDER BY queued_at, user_id COLLATE \"C\"", null))
        {
            q.Parameters.AddWithValue("p", entry.Platform);
            q.Parameters.AddWithValue("w", entry.Workspace);
            q.Parameters.AddWithValue("ch", entry.Channel);
            await using NpgsqlDataReader r = await q.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new QueueEntry(entry.Platform, entry.Workspace, entry.Channel, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                    r.GetFieldValue<DateTimeOffset>(2)));
            }
        }
        await tx.CommitAsync(cancellationToken);
        return list;
    }

    /// <summary>
    /// Removes every named person in one transaction, or no one: true only when each row was deleted by this call. When two workers
    /// pair the same person at once, the second delete waits for the first transaction, then finds the row gone and rolls back, so
    /// the people it named keep their places. Rows are deleted in one order (ordinal), so two such calls cannot deadlock.
    /// </summary>
    public async Task<bool> DequeueAsync(string platform, string workspace, string channel, IReadOnlyList<string> users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(cancellationToken);
        int removed = 0;
        foreach (string user in users.Order(StringComparer.Ordinal))
        {
            await using NpgsqlCommand cmd = Command(c, tx, "DELETE FROM mock_queue WHERE platform = @p AND workspace = @w AND channel = @ch AND user_id = @u", null);
            cmd.Parameters.AddWithValue("p", platform);
            cmd.Parameters.AddWithValue("w", workspace);
            cmd.Parameters.AddWithValue("ch", channel);
            cmd.Parameters.AddWithValue("u", user);
            removed += await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        if (removed != users.Count)
        {
            await tx.RollbackAsync(cancellationToken);
            return false;
        }
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<string?> LastRoleAsync(string platform, string workspace, string user, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, "SELECT role FROM mock_roles WHERE platform = @p AND workspace = @w AND user_id = @u", null);
        cmd.Parameters.AddWithValue("p", platform);
        cmd.Parameters.AddWithValue("w", workspace);
        cmd.Parameters.AddWithValue("u", user);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetLastRoleAsync(string platform, string workspace, string user, string role, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlCommand cmd = Command(c, null, """
            INSERT INTO mock_roles (platform, workspace, user_id, role) VALUES (@p, @w, @u, @role)
            ON CONFLICT (platform, workspace, user_id) DO UPDATE SET role = excluded.role
            """, null);
        cmd.Parameters.AddWithValue("p", platform);
        cmd.Parameters.AddWithValue("w", workspace);
        cmd.Parameters.AddWithValue("u", user);
        cmd.Parameters.AddWithValue("role", role);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
