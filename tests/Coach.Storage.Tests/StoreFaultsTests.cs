using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Coach.Storage.Tests;

public sealed class StoreFaultsTests
{
    private readonly StoreFaults _faults = new();

    [Theory]
    [InlineData(5)]    // SQLITE_BUSY: another process holds the file past the busy timeout
    [InlineData(6)]    // SQLITE_LOCKED
    [InlineData(8)]    // SQLITE_READONLY
    [InlineData(10)]   // SQLITE_IOERR
    [InlineData(13)]   // SQLITE_FULL: the disk is full
    [InlineData(14)]   // SQLITE_CANTOPEN
    [InlineData(3338)] // SQLITE_IOERR_FSYNC, an extended code
    public void SQLite_errors_that_mean_the_file_cannot_be_written_now_are_outages(int code) =>
        Assert.True(_faults.IsOutage(new SqliteException("SQLite Error", code)));

    [Theory]
    [InlineData(1)]  // SQLITE_ERROR: a bad statement
    [InlineData(19)] // SQLITE_CONSTRAINT
    public void SQLite_errors_that_mean_a_bug_are_not(int code) =>
        Assert.False(_faults.IsOutage(new SqliteException("SQLite Error", code)));

    [Theory]
    [InlineData("57P01", true)] // admin_shutdown: the server is stopping
    [InlineData("57P03", true)] // cannot_connect_now: the server is starting
    [InlineData("08006", true)] // connection_failure
    [InlineData("53100", true)] // disk_full
    [InlineData("58030", true)] // io_error
    [InlineData("23505", false)] // unique_violation: a bug, not an outage
    [InlineData("42P01", false)] // undefined_table
    public void PostgreSQL_server_errors_are_outages_only_when_the_server_is_going_away_or_out_of_room(string sqlState, bool outage) =>
        Assert.Equal(outage, _faults.IsOutage(new PostgresException("server error", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void A_connection_that_could_not_be_opened_or_broke_is_an_outage_wherever_it_is_wrapped()
    {
        Assert.True(_faults.IsOutage(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(_faults.IsOutage(new InvalidOperationException("wrapped", new NpgsqlException("Exception while reading from stream"))));
        Assert.False(_faults.IsOutage(new InvalidOperationException("The session kept changing")));
    }
}
