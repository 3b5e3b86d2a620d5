using System.Data.Common;
using Gamified.Storage.Database;
using Gamified.Xapi;

namespace Gamified.Storage.Xapi;

/// <summary>The LRS's documents in <c>xapi_documents</c>; conditional writes are single statements, so a race is decided
/// by the database, not by who read first.</summary>
public sealed class SqlXapiDocumentStore(GamifiedDatabase database) : IXapiDocumentStore
{
    private const string Where = "kind = @kind AND activity_id = @activity AND agent_key = @agent AND registration = @registration";

    public Task<XapiDocument?> Find(XapiDocumentKey key, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await Keyed(connection.Command($"SELECT content, content_type, etag, updated FROM xapi_documents WHERE {Where} AND document_id = @id"), key)
            .ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new XapiDocument(key, (byte[])reader.GetValue(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3))
            : null;
    }, cancellationToken);

    public Task<IReadOnlyList<string>> Ids(XapiDocumentKey key, DateTimeOffset? since, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<string>>(async (connection, ct) =>
        {
            await using var reader = await Keyed(connection.Command(
                    $"SELECT document_id FROM xapi_documents WHERE {Where} AND (@since IS NULL OR updated > @since) ORDER BY document_id"), key)
                .WithLong("since", since?.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
            var ids = new List<string>();
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
            return ids;
        }, cancellationToken);

    public Task<bool> Write(XapiDocument document, string? seenEtag, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            var sql = seenEtag is null
                ? """
                  INSERT INTO xapi_documents (kind, activity_id, agent_key, registration, document_id, content, content_type, etag, updated)
                  VALUES (@kind, @activity, @agent, @registration, @id, @content, @type, @etag, @updated)
                  ON CONFLICT (kind, activity_id, agent_key, registration, document_id) DO NOTHING
                  """
                : $"UPDATE xapi_documents SET content = @content, content_type = @type, etag = @etag, updated = @updated WHERE {Where} AND document_id = @id AND etag = @seen";
            var written = await Keyed(connection.Command(sql), document.Key)
                .With("content", document.Content).With("type", document.ContentType).With("etag", document.Etag)
                .WithLong("updated", document.Updated.ToUnixTimeMilliseconds()).WithText("seen", seenEtag)
                .ExecuteNonQueryAsync(ct);
            return written == 1;
        }, cancellationToken);

    public Task<bool> Delete(XapiDocumentKey key, string seenEtag, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
            await Keyed(connection.Command($"DELETE FROM xapi_documents WHERE {Where} AND document_id = @id AND etag = @seen"), key)
                .With("seen", seenEtag).ExecuteNonQueryAsync(ct) == 1, cancellationToken);

    public Task DeleteAll(XapiDocumentKey key, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
            await Keyed(connection.Command($"DELETE FROM xapi_documents WHERE {Where}"), key).ExecuteNonQueryAsync(ct), cancellationToken);

    private static DbCommand Keyed(DbCommand command, XapiDocumentKey key) => command
        .With("kind", key.Kind.ToString()).With("activity", key.ActivityId).With("agent", key.AgentKey)
        .With("registration", key.Registration).With("id", key.DocumentId);
}
