using System.Globalization;
using Coach.Core.Mock;
using Microsoft.Data.Sqlite;

namespace Coach.Storage;

/// <summary>Peer mock interviews, mock channels, the pairing queue and last roles.</summary>
public sealed partial class SqliteCoachStore
{
    public Task SaveMockAsync(MockInterview mock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mock);
        return WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO mocks (id, platform, workspace, channel, thread, interviewer, candidate, state, doc, created_at, updated_at)
                VALUES ($id, $p, $w, $ch, $th, $i, $c, $s, $doc, $at, $up)
                ON CONFLICT (id) DO UPDATE SET thread = excluded.thread, state = excluded.state, doc = excluded.doc, updated_at = excluded.updated_at
                """, null);
            cmd.Parameters.AddWithValue("$id", mock.Id);
            cmd.Parameters.AddWithValue("$p", mock.Platform);
            cmd.Parameters.AddWithValue("$w", mock.Workspace);
            cmd.Parameters.AddWithValue("$ch", mock.Channel);
            cmd.Parameters.AddWithValue("$th", (object?)mock.Thread ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$i", mock.Interviewer);
            cmd.Parameters.AddWithValue("$c", mock.Candidate);
            cmd.Parameters.AddWithValue("$s", mock.State.ToString());
            cmd.Parameters.AddWithValue("$doc", StoreJson.Mock(mock));
            cmd.Parameters.AddWithValue("$at", mock.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$up", mock.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<MockInterview?> GetMockAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE id = $id", cmd => cmd.Parameters.AddWithValue("$id", id), cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<MockInterview?> UpdateMockAsync(string id, Func<MockInterview, MockInterview?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        // read, changed and written in one write transaction: it holds the database's write lock from its start (BEGIN
        // IMMEDIATE), so no writer, of this store or another, comes in between
        MockInterview? after = null;
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand read = Command(c, tx, "SELECT doc FROM mocks WHERE id = $id", null);
            read.Parameters.AddWithValue("$id", id);
            if (await read.ExecuteScalarAsync(cancellationToken) is not string before ||
                change(StoreJson.Mock(before)) is not { } changed)
            {
                return false; // no such mock, or the change does not apply in its current state
            }
            SqliteCommand cmd = Command(c, tx, "UPDATE mocks SET thread = $th, state = $s, doc = $doc, updated_at = $up WHERE id = $id AND doc = $before", null);
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$before", before);
            cmd.Parameters.AddWithValue("$th", (object?)changed.Thread ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$s", changed.State.ToString());
            cmd.Parameters.AddWithValue("$doc", StoreJson.Mock(changed));
            cmd.Parameters.AddWithValue("$up", changed.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Mock interview {id} changed while the write lock was held.");
            }
            after = changed;
            return true;
        }, cancellationToken);
        return after;
    }

    public async Task<MockInterview?> FindMockByThreadAsync(string platform, string workspace, string thread, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE platform = $p AND workspace = $w AND thread = $th ORDER BY created_at DESC LIMIT 1", cmd =>
        {
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$th", thread);
        }, cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<MockInterview?> FindOpeningMockAsync(string platform, string workspace, string channel, string interviewer, CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE platform = $p AND workspace = $w AND channel = $ch AND state = 'Opening' AND (interviewer = $u OR candidate = $u) ORDER BY created_at DESC LIMIT 1", cmd =>
        {
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$ch", channel);
            cmd.Parameters.AddWithValue("$u", interviewer);
        }, cancellationToken)) is { Count: > 0 } l ? l[0] : null;

    public async Task<IReadOnlyList<MockInterview>> ListUnstartedMocksAsync(CancellationToken cancellationToken = default) =>
        (await QueryMocksAsync("WHERE state IN ('Answering', 'Opening')", _ => { }, cancellationToken)).Where(m => m.StartedAt is null).ToList();

    private async Task<IReadOnlyList<MockInterview>> QueryMocksAsync(string where, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using Lease lease = await OpenAsync(ct);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, $"SELECT doc FROM mocks {where}", null);
        bind(cmd);
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<MockInterview>();
        while (await r.ReadAsync(ct))
        {
            list.Add(StoreJson.Mock(r.GetString(0)));
        }
        return list;
    }

    public Task SetMockChannelAsync(string platform, string workspace, string channel, bool on, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, on
                ? "INSERT INTO mock_channels (platform, workspace, channel) VALUES ($p, $w, $ch) ON CONFLICT DO NOTHING"
                : "DELETE FROM mock_channels WHERE platform = $p AND workspace = $w AND channel = $ch", null);
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$ch", channel);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<bool> IsMockChannelAsync(string platform, string workspace, string channel, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, "SELECT COUNT(*) FROM mock_channels WHERE platform = $p AND workspace = $w AND channel = $ch", null);
        cmd.Parameters.AddWithValue("$p", platform);
        cmd.Parameters.AddWithValue("$w", workspace);
        cmd.Parameters.AddWithValue("$ch", channel);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public async Task<IReadOnlyList<QueueEntry>> EnqueueAsync(QueueEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var list = new List<QueueEntry>();
        await WriteAsync(async (c, tx) =>
        {
            SqliteCommand ins = Command(c, tx, """
            INSERT INTO mock_queue (platform, workspace, channel, user_id, last_role, queued_at) VALUES ($p, $w, $ch, $u, $role, $at)
            ON CONFLICT DO NOTHING
            """, null);
            ins.Parameters.AddWithValue("$p", entry.Platform);
            ins.Parameters.AddWithValue("$w", entry.Workspace);
            ins.Parameters.AddWithValue("$ch", entry.Channel);
            ins.Parameters.AddWithValue("$u", entry.User);
            ins.Parameters.AddWithValue("$role", (object?)entry.LastRole ?? DBNull.Value);
            ins.Parameters.AddWithValue("$at", entry.QueuedAt.ToString("O", CultureInfo.InvariantCulture));
            await ins.ExecuteNonQueryAsync(cancellationToken);
            SqliteCommand q = Command(c, tx, "SELECT user_id, last_role, queued_at FROM mock_queue WHERE platform = $p AND workspace = $w AND channel = $ch ORDER BY queued_at, user_id", null);
            q.Parameters.AddWithValue("$p", entry.Platform);
            q.Parameters.AddWithValue("$w", entry.Workspace);
            q.Parameters.AddWithValue("$ch", entry.Channel);
            await using SqliteDataReader r = await q.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new QueueEntry(entry.Platform, entry.Workspace, entry.Channel, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                    DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
            }
            return true;
        }, cancellationToken);
        return list;
    }

    public Task<bool> DequeueAsync(string platform, string workspace, string channel, IReadOnlyList<string> users, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            // all or no one: when one of the pair was already taken, the other keeps their place in the queue
            tx.Save("dequeue");
            int removed = 0;
            foreach (string user in users)
            {
                SqliteCommand cmd = Command(c, tx, "DELETE FROM mock_queue WHERE platform = $p AND workspace = $w AND channel = $ch AND user_id = $u", null);
                cmd.Parameters.AddWithValue("$p", platform);
                cmd.Parameters.AddWithValue("$w", workspace);
                cmd.Parameters.AddWithValue("$ch", channel);
                cmd.Parameters.AddWithValue("$u", user);
                removed += await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            if (removed != users.Count)
            {
                tx.Rollback("dequeue");
                return false;
            }
            return true;
        }, cancellationToken);

    public async Task<string?> LastRoleAsync(string platform, string workspace, string user, CancellationToken cancellationToken = default)
    {
        await using Lease lease = await OpenAsync(cancellationToken);
        SqliteConnection c = lease.Connection;
        SqliteCommand cmd = Command(c, null, "SELECT role FROM mock_roles WHERE platform = $p AND workspace = $w AND user_id = $u", null);
        cmd.Parameters.AddWithValue("$p", platform);
        cmd.Parameters.AddWithValue("$w", workspace);
        cmd.Parameters.AddWithValue("$u", user);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task SetLastRoleAsync(string platform, string workspace, string user, string role, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            SqliteCommand cmd = Command(c, tx, """
                INSERT INTO mock_roles (platform, workspace, user_id, role) VALUES ($p, $w, $u, $role)
                ON CONFLICT (platform, workspace, user_id) DO UPDATE SET role = excluded.role
                """, null);
            cmd.Parameters.AddWithValue("$p", platform);
            cmd.Parameters.AddWithValue("$w", workspace);
            cmd.Parameters.AddWithValue("$u", user);
            cmd.Parameters.AddWithValue("$role", role);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
}
