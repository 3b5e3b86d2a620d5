using System.Data.Common;
using Gamified.Storage.Database;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Gamified.Storage.Orleans;

/// <summary>
/// Orleans reminders kept in the server's SQLite database (ops/sql/sqlite/orleans-reminders.sql), so they survive a restart of
/// the embedded server. Our own table rather than the ADO.NET provider with SQLite query texts: that provider would run
/// Microsoft.Data.Sqlite's synchronous I/O on the silo's scheduler threads (see <see cref="OffloadedGrainStorage"/>), while
/// this runs each statement through <see cref="GamifiedDatabase.RunAsync{T}"/> on the thread pool with the server's busy
/// timeout; and it is six statements against a contract of twelve query texts. The ETag is a version that grows with
/// every write.
/// </summary>
public sealed class SqliteReminderTable(GamifiedDatabase database, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ms, version";

    private string ServiceId => cluster.Value.ServiceId;

    public Task Init() => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => Read(
        $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain",
        command => command.With("grain", grainId.ToString()));

    /// <summary>The reminders of grains whose ring position lies in (begin, end]; a range with end ≤ begin wraps round the ring.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => Read(
        $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND " +
        (begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)"),
        command => command.With("begin", (long)begin).With("end", (long)end));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await Read($"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name",
            command => command.With("grain", grainId.ToString()).With("name", reminderName))).Reminders.FirstOrDefault();

    public Task<string?> UpsertRow(ReminderEntry entry) => database.RunAsync<string?>(async (connection, ct) =>
    {
        var version = await connection.Command("""
            INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms, version)
            VALUES (@service, @grain, @name, @hash, @start, @period, 1)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                SET start_at = excluded.start_at, period_ms = excluded.period_ms, version = orleans_reminders.version + 1
            RETURNING version
            """).With("service", ServiceId).With("grain", entry.GrainId.ToString()).With("name", entry.ReminderName)
            .With("hash", (long)entry.GrainId.GetUniformHashCode())
            .With("start", new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds())
            .With("period", (long)entry.Period.TotalMilliseconds).ExecuteScalarAsync(ct);
        return Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture)!;
    });

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => database.RunAsync(async (connection, ct) =>
        long.TryParse(eTag, out var version) && await connection.Command(
            "DELETE FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name AND version = @version")
            .With("service", ServiceId).With("grain", grainId.ToString()).With("name", reminderName).With("version", version)
            .ExecuteNonQueryAsync(ct) == 1);

    public Task TestOnlyClearTable() => database.RunAsync(async (connection, ct) =>
        await connection.Command("DELETE FROM orleans_reminders WHERE service_id = @service").With("service", ServiceId).ExecuteNonQueryAsync(ct));

    private Task<ReminderTableData> Read(string sql, Func<DbCommand, DbCommand> bind) => database.RunAsync(async (connection, ct) =>
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await bind(connection.Command(sql).With("service", ServiceId)).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return new ReminderTableData(entries);
    });
}
