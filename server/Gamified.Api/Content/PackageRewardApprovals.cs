using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Content;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Content;

/// <summary>
/// A package's challenges and badges are an author's proposals: nothing is created or awarded for them until an
/// organisation-wide manager or an admin approves them for that version, challenge points within the version's budget.
/// </summary>
public sealed class PackageRewardApprovals(IGrainFactory grains, PackageCatalog catalog, IPackageApprovalStore store, TimeProvider clock)
{
    /// <summary>
    /// The most challenge points one package version may give a learner, all its approved challenges together. A learner
    /// takes one version of a package, so this bounds what any package adds to anyone's XP, whatever its manifest says.
    /// </summary>
    public const int BudgetPerVersion = 500;

    public const int MaxIdsPerApproval = 50;

    /// <summary>The id a package's challenge or badge has across the server.</summary>
    public static string ServerId(string packageId, string? manifestId) => $"{packageId}.{manifestId}";

    public async Task<CatalogEntry> Approve(Caller caller, ApprovePackageRewardsInput input)
    {
        // Packages are public, so saying one does not exist before refusing the caller tells nothing.
        var packageId = Validate.Id(input.PackageId, "input.packageId");
        var entry = catalog.Get(packageId, input.Version ?? "")
                    ?? throw DomainException.NotFound("Package version", $"{packageId} {input.Version}");
        // Package rewards count on every department's boards, so approving them is for those who answer for all of them.
        if (!caller.IsAdmin && !caller.ManagesEveryDepartment)
            throw Caller.Forbidden("Only organisation-wide managers and admins may approve a package's challenges and badges.");
        if (entry.Owner == caller.Name)
            throw Caller.Forbidden($"'{packageId}' is yours: someone other than its owner approves its rewards.");
        var challengeIds = (input.ChallengeIds ?? []).Distinct().ToList();
        var badgeIds = (input.BadgeIds ?? []).Distinct().ToList();
        if (challengeIds.Count + badgeIds.Count == 0)
            throw DomainException.BadInput("input.challengeIds", "Name at least one challenge or badge to approve.");
        if (challengeIds.Count > MaxIdsPerApproval || badgeIds.Count > MaxIdsPerApproval)
            throw DomainException.BadInput("input.challengeIds", $"At most {MaxIdsPerApproval} challenges and {MaxIdsPerApproval} badges at a time.");
        int? pointsOverride = input.PointsOverride is { } p ? Validate.Range(p, 0, ChallengeGrain.MaxPoints, "input.pointsOverride") : null;

        var manifest = entry.Package.Manifest;
        var version = entry.Package.Version.ToString();
        var now = clock.GetUtcNow();
        var approvals = new List<PackageRewardApproval>();
        foreach (var id in challengeIds)
        {
            var proposal = (manifest.Challenges ?? []).FirstOrDefault(c => ServerId(packageId, c.Id) == id)
                           ?? throw DomainException.BadInput("input.challengeIds", $"{packageId} {version} proposes no challenge '{id}'.");
            var proposed = proposal.Points ?? 0;
            // The author's proposal is what was reviewed: an approval may lower it, never raise it.
            if (pointsOverride > proposed)
                throw DomainException.BadInput("input.pointsOverride", $"'{id}' may give at most the {proposed} points its author proposed.");
            var points = pointsOverride ?? proposed;
            // Another version (or a manager) made the challenge already: its points are what a completion gives.
            if (await grains.Challenge(id).Get() is { } existing && existing.Points != points)
                throw DomainException.Conflict($"Challenge '{id}' exists with {existing.Points} points; approve it with those.");
            approvals.Add(new PackageRewardApproval(packageId, version, PackageRewardKind.Challenge, proposal.Id!, points, caller.Name, now));
        }
        foreach (var id in badgeIds)
        {
            var proposal = (manifest.Badges ?? []).FirstOrDefault(b => ServerId(packageId, b.Id) == id)
                           ?? throw DomainException.BadInput("input.badgeIds", $"{packageId} {version} proposes no badge '{id}'.");
            approvals.Add(new PackageRewardApproval(packageId, version, PackageRewardKind.Badge, proposal.Id!, null, caller.Name, now));
        }
        await store.Approve(packageId, version, approvals, BudgetPerVersion);
        return entry;
    }

    /// <summary>A version's approvals, read once per request however many rewards of it the query shows.</summary>
    public static Task<IReadOnlyList<PackageRewardApproval>> Of(IResolveFieldContext context, CatalogEntry entry) =>
        context.PerRequest($"package-approvals:{entry.Package.Id}:{entry.Package.Version}",
            () => context.Service<IPackageApprovalStore>().Approvals(entry.Package.Id, entry.Package.Version.ToString(), context.CancellationToken));
}

public sealed class ApprovePackageRewardsInput
{
    public string PackageId { get; set; } = "";
    public string? Version { get; set; }
    public List<string>? ChallengeIds { get; set; }
    public List<string>? BadgeIds { get; set; }
    public int? PointsOverride { get; set; }
}

public sealed class ApprovePackageRewardsInputType : InputObjectGraphType<ApprovePackageRewardsInput>
{
    public ApprovePackageRewardsInputType()
    {
        Name = "ApprovePackageRewardsInput";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version, type: typeof(NonNullGraphType<StringGraphType>)).Description("The published version whose proposals are approved.");
        Field(x => x.ChallengeIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("Challenges to approve, by their server-wide id (PackageReward.id).");
        Field(x => x.BadgeIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("Badges to approve, by their server-wide id (PackageReward.id).");
        Field(x => x.PointsOverride, nullable: true)
            .Description($"Points each approved challenge gives instead of the author's proposal (never more than it). A version's approved challenges give at most {PackageRewardApprovals.BudgetPerVersion} points in all.");
    }
}

public static class PackageRewardApprovalFields
{
    public static void AddPackageRewardApproval(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<PackageType>>("approvePackageRewards")
            .Description("Approves challenges and badges a package version proposes (organisation-wide managers and admins, not the package's owner). " +
                         "Learners who complete that version afterwards get them; earlier completions get nothing retroactively. Final for the version.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<ApprovePackageRewardsInputType>>("input")
            .ResolveAsync(async c => await c.Service<PackageRewardApprovals>().Approve(c.Caller(), c.GetArgument<ApprovePackageRewardsInput>("input")));
}
