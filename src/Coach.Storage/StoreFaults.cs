using System.Net.Sockets;
using Coach.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Coach.Storage;

/// <summary>Which errors from SQLite and PostgreSQL mean "the store cannot be used right now" rather than a bug.</summary>
/// <remarks>
/// PostgreSQL: any <see cref="NpgsqlException"/> that is not a server error (the connection could not be opened, broke or
/// timed out), and server errors of the classes that mean the server is going away or out of room: 08 (connection), 53
/// (insufficient resources: disk full, out of memory, too many connections), 57P01-57P03 (shut down, restarting), 58 (I/O).
/// After a server restart the connections idle in Npgsql's pool are dead; the first call that takes one fails at once and
/// Npgsql drops them, which is why <see cref="StoreOutageGuard"/> tries a quick failure once more. SQLite: busy or locked (another process holds the file past the busy timeout), read-only,
/// I/O error, disk full, cannot open.
/// </remarks>
public sealed class StoreFaults : IStoreFaults
{
    // https://www.sqlite.org/rescode.html (primary result codes; extended codes keep these in their low byte)
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteNoMem = 7, SqliteReadOnly = 8, SqliteIoErr = 10, SqliteFull = 13, SqliteCantOpen = 14;

    public bool IsOutage(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("58", StringComparison.Ordinal)
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException:
                    return true; // not a server error: the connection itself failed
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteNoMem or SqliteReadOnly or SqliteIoErr or SqliteFull or SqliteCantOpen;
                case SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
