using Gamified.Ledger;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Foundation;

/// <summary>An append made on a head that another activation has moved since is refused as a concurrency conflict (which the
/// grain answers by letting go of its view), never written and never reported as something else. Run on both storages.</summary>
public abstract class StaleHeadTests(ServerFixture fixture)
{
    [Fact]
    public async Task an_append_on_a_head_that_moved_is_refused_as_a_conflict_and_writes_nothing()
    {
        var admin = new Scenario(fixture.Server.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());
        (await admin.RecordActivityAsync(learner, "moved-the-head")).AssertNoErrors();
        var before = await admin.FullLedgerAsync(learner);
        var now = DateTimeOffset.UtcNow;
        // As an activation that still believes the ledger empty would write its first entry.
        var stale = new LedgerEntry(learner, 1, LedgerEntryKind.Xp, 5, null, "stale", null, null, "stale", now, now, LedgerHash.Genesis, new string('a', 64));

        var store = fixture.Server.Services.GetRequiredService<ILedgerStore>();
        await Assert.ThrowsAsync<LedgerConcurrencyException>(() => store.Append(new LedgerAppend(learner, 0, 5, [stale], null, now)));

        Assert.Equal(before.Select(e => e["hash"]!.GetValue<string>()), (await admin.FullLedgerAsync(learner)).Select(e => e["hash"]!.GetValue<string>()));
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class StaleHeadTestsOnSqlite(SqliteServerFixture fixture) : StaleHeadTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class StaleHeadTestsOnPostgres(PostgresServerFixture fixture) : StaleHeadTests(fixture);
