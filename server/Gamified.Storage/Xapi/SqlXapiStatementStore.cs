using System.Data.Common;
using Gamified.Storage.Database;
using Gamified.Xapi;

namespace Gamified.Storage.Xapi;

/// <summary>The LRS's statements in <c>xapi_statements</c>, the same SQL on SQLite and PostgreSQL.</summary>
public sealed class SqlXapiStatementStore(GamifiedDatabase database) : IXapiStatementStore
{
    private const string Columns =
        "position, id, statement, actor_key, verb_id, activity_id, registration, voids_id, voided, stored, attestation, stored_by";

    public Task<XapiStoreOutcome> Store(IReadOnlyList<NewXapiStatement> statements, Func<string, string, bool> sameContent,
        CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var conflicts = new List<Guid>();
        foreach (var statement in statements)
        {
            // Insert-if-absent first, then look: two requests storing one id at once cannot both insert.
            var inserted = await connection.Command($"""
                INSERT INTO xapi_statements (id, statement, actor_key, verb_id, activity_id, registration, voids_id, stored, attestation, stored_by)
                VALUES (@id, @statement, @actor, @verb, @activity, @registration, @voids, @stored, @attestation, @by)
                ON CONFLICT (id) DO NOTHING
                """, transaction)
                .With("id", Text(statement.Id)).With("statement", statement.Json).With("actor", statement.ActorKey)
                .With("verb", statement.VerbId).WithText("activity", statement.ActivityId).WithText("registration", Text(statement.Registration))
                .WithText("voids", Text(statement.VoidsId)).WithLong("stored", statement.Stored.ToUnixTimeMilliseconds())
                .With("attestation", statement.Attestation).With("by", statement.StoredBy)
                .ExecuteNonQueryAsync(ct);
            if (inserted == 1)
            {
                foreach (var reference in (statement.References ?? []).Distinct())
                    await connection.Command("""
                        INSERT INTO xapi_statement_refs (statement_id, kind, ref_key, main) VALUES (@id, @kind, @key, @main)
                        ON CONFLICT DO NOTHING
                        """, transaction)
                        .With("id", Text(statement.Id)).With("kind", reference.Kind).With("key", reference.Key).WithLong("main", reference.Main ? 1 : 0)
                        .ExecuteNonQueryAsync(ct);
                foreach (var attachment in statement.Attachments ?? [])
                    await connection.Command("""
                        INSERT INTO xapi_attachments (sha2, content_type, content, stored) VALUES (@sha2, @type, @content, @stored)
                        ON CONFLICT (sha2) DO NOTHING
                        """, transaction)
                        .With("sha2", attachment.Sha2).With("type", attachment.ContentType).With("content", attachment.Content)
                        .WithLong("stored", statement.Stored.ToUnixTimeMilliseconds())
                        .ExecuteNonQueryAsync(ct);
                continue;
            }
            var existing = await connection.Command("SELECT statement FROM xapi_statements WHERE id = @id", transaction)
                .With("id", Text(statement.Id)).ExecuteScalarAsync(ct) as string;
            if (existing is null || !sameContent(existing, statement.Json)) conflicts.Add(statement.Id);
        }
        if (conflicts.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            return new XapiStoreOutcome(conflicts);
        }
        foreach (var voids in statements.Where(s => s.VoidsId is not null).Select(s => s.VoidsId))
            await connection.Command("UPDATE xapi_statements SET voided = 1 WHERE id = @id", transaction).With("id", Text(voids)).ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return new XapiStoreOutcome([]);
    }, cancellationToken);

    public Task<XapiStatementRow?> Find(Guid id, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command($"SELECT {Columns} FROM xapi_statements WHERE id = @id").With("id", Text(id))
            .ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Row(reader) : null;
    }, cancellationToken);

    public Task<IReadOnlyList<XapiAttachment>> Attachments(IReadOnlyCollection<Guid> statementIds, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<XapiAttachment>>(async (connection, ct) =>
        {
            var found = new Dictionary<string, XapiAttachment>();
            foreach (var id in statementIds.Distinct())
            {
                // Contents are kept once per hash; a statement reaches those that came with it (its 'attachment' rows) only.
                await using var reader = await connection.Command("""
                    SELECT a.sha2, a.content_type, a.content FROM xapi_statement_refs r JOIN xapi_attachments a ON a.sha2 = r.ref_key
                    WHERE r.statement_id = @id AND r.kind = 'attachment'
                    """).With("id", Text(id)).ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    found.TryAdd(reader.GetString(0), new XapiAttachment(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }
            return [.. found.Values];
        }, cancellationToken);

    public Task<IReadOnlyList<XapiStatementRow>> Query(XapiStatementQuery query, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<XapiStatementRow>>(async (connection, ct) =>
        {
            var order = query.Ascending ? "ASC" : "DESC";
            var after = query.Ascending ? ">" : "<";
            await using var reader = await connection.Command($"""
                SELECT {Columns} FROM xapi_statements s
                WHERE voided = 0
                  AND ({Matches("s")} OR EXISTS (SELECT 1 FROM xapi_statement_refs target_ref JOIN xapi_statements t ON t.id = target_ref.ref_key
                       WHERE target_ref.statement_id = s.id AND target_ref.kind = 'statement' AND {Matches("t")}))
                  AND (@only_actor IS NULL OR actor_key = @only_actor)
                  AND (@since IS NULL OR stored > @since)
                  AND (@until IS NULL OR stored <= @until)
                  AND (@after IS NULL OR position {after} @after)
                  AND (@by IS NULL OR stored_by = @by)
                ORDER BY position {order}
                LIMIT @limit
                """)
                .WithText("actor", query.ActorKey).WithText("verb", query.VerbId).WithText("activity", query.ActivityId)
                .WithText("registration", Text(query.Registration)).WithLong("since", query.Since?.ToUnixTimeMilliseconds())
                .WithLong("until", query.Until?.ToUnixTimeMilliseconds()).WithLong("after", query.AfterPosition)
                .WithText("by", query.OnlyStoredBy).WithLong("limit", query.Limit).WithText("only_actor", query.OnlyActorKey)
                .WithLong("related_agents", query.RelatedAgents ? 1 : 0).WithLong("related_activities", query.RelatedActivities ? 1 : 0)
                .ExecuteReaderAsync(ct);
            var rows = new List<XapiStatementRow>();
            while (await reader.ReadAsync(ct)) rows.Add(Row(reader));
            return rows;
        }, cancellationToken);

    /// <summary>
    /// The filters that are not about time or order (Communication 2.1.3), on the statement aliased <paramref name="x"/>:
    /// a statement whose object is a StatementRef meets them when the statement it targets does (voided or not), so a
    /// query matching a voided statement still finds the statement that voided it. One level: a reference to a reference
    /// is not followed.
    /// </summary>
    private static string Matches(string x) => $"""
        (@actor IS NULL OR {x}.actor_key = @actor OR EXISTS (SELECT 1 FROM xapi_statement_refs r WHERE r.statement_id = {x}.id
             AND r.kind = 'agent' AND r.ref_key = @actor AND (r.main = 1 OR @related_agents = 1)))
         AND (@verb IS NULL OR {x}.verb_id = @verb)
         AND (@activity IS NULL OR {x}.activity_id = @activity OR @related_activities = 1 AND EXISTS (SELECT 1 FROM xapi_statement_refs r
             WHERE r.statement_id = {x}.id AND r.kind = 'activity' AND r.ref_key = @activity))
         AND (@registration IS NULL OR {x}.registration = @registration)
        """;

    private static string? Text(Guid? id) => id?.ToString("D");

    private static XapiStatementRow Row(DbDataReader reader) => new(reader.GetInt64(0),
        new NewXapiStatement(Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.GetNullableString(5), reader.GetNullableString(6) is { } registration ? Guid.Parse(registration) : null,
            reader.GetNullableString(7) is { } voids ? Guid.Parse(voids) : null, reader.GetTime(9), reader.GetString(10), reader.GetString(11)),
        Convert.ToInt32(reader.GetValue(8)) == 1);
}
