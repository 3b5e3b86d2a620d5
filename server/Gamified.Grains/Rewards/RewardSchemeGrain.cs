using System.Text.Json;
using Gamified.Common;
using Gamified.Content;
using Gamified.Directory;

namespace Gamified.Rewards;

[GenerateSerializer, Alias("gamified.RewardSchemeState")]
public sealed class RewardSchemeState
{
    [Id(0)] public List<SchemeVersion> Versions { get; set; } = [];
    [Id(1)] public List<SchemeAuditEntry> Audit { get; set; } = [];
}

/// <summary>
/// One reward scheme and its versions. A version is a draft until activated; then it never changes: a change
/// to an active scheme is a new draft version, activated in its turn. Every change is audited with the
/// scheme before and after.
/// </summary>
public sealed class RewardSchemeGrain(
    [PersistentState("scheme", StorageNames.Main)] IPersistentState<RewardSchemeState> state,
    PackageCatalog catalog,
    TimeProvider clock) : Grain, IRewardSchemeGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private string SchemeId => this.EntityId();

    private SchemeVersion? Latest => state.State.Versions.LastOrDefault();

    public async Task<SchemeView> Create(SchemeDefinition definition, string actor)
    {
        if (state.RecordExists) throw DomainException.Conflict($"Reward scheme '{SchemeId}' already exists.");
        await CheckOrThrow(definition);
        var version = new SchemeVersion(SchemeId, 1, definition, SchemeStatus.Draft, null, null, clock.GetUtcNow(), actor);
        state.State.Versions.Add(version);
        await Save(actor, "create", 1, null, version);
        await Registry().Register(SchemeId);
        return View();
    }

    public async Task<SchemeView> Update(SchemeDefinition definition, string actor)
    {
        var latest = Latest ?? throw DomainException.NotFound("Reward scheme", SchemeId);
        if (latest.Status == SchemeStatus.Archived) throw DomainException.Conflict($"Reward scheme '{SchemeId}' is archived.");
        await CheckOrThrow(definition);
        var now = clock.GetUtcNow();
        if (latest.Status == SchemeStatus.Draft)
        {
            var updated = latest with { Definition = definition };
            state.State.Versions[^1] = updated;
            await Save(actor, "update", updated.Version, latest, updated);
        }
        else
        {
            // Active versions are never edited: the change becomes the next draft.
            var draft = new SchemeVersion(SchemeId, latest.Version + 1, definition, SchemeStatus.Draft, null, null, now, actor);
            state.State.Versions.Add(draft);
            await Save(actor, "update", draft.Version, latest, draft);
        }
        return View();
    }

    public async Task<SchemeView> Activate(DateTimeOffset effectiveFrom, string actor)
    {
        var latest = Latest ?? throw DomainException.NotFound("Reward scheme", SchemeId);
        if (latest.Status != SchemeStatus.Draft) throw DomainException.Conflict($"Reward scheme '{SchemeId}' has no draft to activate.");
        var now = clock.GetUtcNow();
        if (effectiveFrom < now - TimeSpan.FromMinutes(1))
            throw DomainException.BadInput("effectiveFrom", "A scheme takes effect now or later; past awards are never rewritten.");
        await CheckOrThrow(latest.Definition);
        var active = latest with { Status = SchemeStatus.Active, EffectiveFrom = effectiveFrom };
        state.State.Versions[^1] = active;
        await Save(actor, "activate", active.Version, latest, active);
        await Registry().Publish(active);
        return View();
    }

    public async Task<SchemeView> Archive(string actor)
    {
        var latest = Latest ?? throw DomainException.NotFound("Reward scheme", SchemeId);
        var now = clock.GetUtcNow();
        var changed = new List<SchemeVersion>();
        for (var i = 0; i < state.State.Versions.Count; i++)
        {
            var v = state.State.Versions[i];
            if (v.Status == SchemeStatus.Archived) continue;
            state.State.Versions[i] = v with { Status = SchemeStatus.Archived, ArchivedAt = now };
            changed.Add(state.State.Versions[i]);
        }
        if (changed.Count == 0) throw DomainException.Conflict($"Reward scheme '{SchemeId}' is archived already.");
        await Save(actor, "archive", latest.Version, latest, state.State.Versions[^1]);
        foreach (var version in changed.Where(v => v.EffectiveFrom is not null)) await Registry().Publish(version);
        return View();
    }

    public Task<SchemeView?> Get() => Task.FromResult(state.RecordExists ? View() : null);

    private async Task CheckOrThrow(SchemeDefinition definition)
    {
        var departments = (await GrainFactory.Directory().List(DirectoryKind.Department)).ToHashSet();
        var packages = catalog.PackageIds.ToHashSet();
        // Other schemes' campaigns, from each one's newest active version (superseded versions no longer count).
        var others = RewardEngine.NewestOfEach((await Registry().InForce())
                .Where(v => v.SchemeId != SchemeId && v.Status == SchemeStatus.Active && v.ArchivedAt is null))
            .SelectMany(v => v.Definition.Campaigns.Select(c => (v.SchemeId, c, v.Definition.DepartmentIds)));
        var errors = SchemeValidation.Check(definition, departments, packages, others);
        if (errors.Count > 0) throw new SchemeRejectedException(errors);
    }

    private async Task Save(string actor, string action, int version, SchemeVersion? before, SchemeVersion? after)
    {
        state.State.Audit.Add(new SchemeAuditEntry(clock.GetUtcNow(), actor, action, version,
            before is null ? null : JsonSerializer.Serialize(before, Json), after is null ? null : JsonSerializer.Serialize(after, Json)));
        await state.WriteStateAsync();
    }

    private ISchemeRegistryGrain Registry() => GrainFactory.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key);

    private SchemeView View() => new(SchemeId, state.State.Versions.ToList(), state.State.Audit.ToList());
}

[GenerateSerializer, Alias("gamified.SchemeRegistryState")]
public sealed class SchemeRegistryState
{
    [Id(0)] public List<string> SchemeIds { get; set; } = [];
    [Id(1)] public List<SchemeVersion> InForce { get; set; } = [];
}

/// <summary>The scheme versions that award now or will from a set time; archived ones stay for their past window.</summary>
public sealed class SchemeRegistryGrain(
    [PersistentState("schemes", StorageNames.Main)] IPersistentState<SchemeRegistryState> state) : Grain, ISchemeRegistryGrain
{
    public async Task Publish(SchemeVersion version)
    {
        state.State.InForce.RemoveAll(v => v.SchemeId == version.SchemeId && v.Version == version.Version);
        state.State.InForce.Add(version);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SchemeVersion>> InForce() => Task.FromResult<IReadOnlyList<SchemeVersion>>(state.State.InForce.ToList());

    public Task<IReadOnlyList<string>> SchemeIds() => Task.FromResult<IReadOnlyList<string>>(state.State.SchemeIds.ToList());

    public async Task Register(string schemeId)
    {
        if (state.State.SchemeIds.Contains(schemeId)) return;
        state.State.SchemeIds.Add(schemeId);
        await state.WriteStateAsync();
    }
}
