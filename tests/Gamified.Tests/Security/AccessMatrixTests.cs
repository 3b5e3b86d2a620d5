using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Security;

/// <summary>
/// Who may call what, checked for every root field of the served schema against every role. The table
/// below is the access design, written down independently of the code: a field the schema serves but the
/// table does not name fails the build, so a new operation cannot ship without a decision about it.
/// Ownership (which learner, which department) is checked by the tests in <see cref="OwnershipTests"/>.
/// </summary>
public sealed class AccessMatrixTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string AnyoneSignedIn = "*";
    private const string Anonymous = "anonymous";

    /// <summary>Root field → the roles that pass the role check (<see cref="AnyoneSignedIn"/>: any signed-in caller).</summary>
    private static readonly Dictionary<string, string[]> Design = new()
    {
        ["Query.learner"] = [AnyoneSignedIn],
        ["Query.department"] = [AnyoneSignedIn],
        ["Query.departments"] = [AnyoneSignedIn],
        ["Query.team"] = [AnyoneSignedIn],
        ["Query.challenge"] = [AnyoneSignedIn],
        ["Query.challenges"] = [AnyoneSignedIn],
        ["Query.verifyLedger"] = [AnyoneSignedIn],
        ["Query.ledgerCheckpoint"] = [AnyoneSignedIn],
        ["Query.ledgerCheckpoints"] = [AnyoneSignedIn],
        ["Query.ledgerInclusionProof"] = [AnyoneSignedIn],
        ["Query.ledgerConsistencyProof"] = [AnyoneSignedIn],
        ["Mutation.signLedgerCheckpoint"] = [Roles.Admin],
        ["Query.auditLog"] = [Roles.Admin],
        ["Mutation.registerLearner"] = [Roles.Learner, Roles.Admin],
        ["Mutation.createDepartment"] = [Roles.Admin],
        ["Mutation.updateDepartment"] = [Roles.Admin],
        ["Mutation.moveDepartment"] = [Roles.Admin],
        ["Mutation.mergeDepartment"] = [Roles.Manager, Roles.Admin],
        ["Mutation.deactivateDepartment"] = [Roles.Manager, Roles.Admin],
        ["Mutation.reactivateDepartment"] = [Roles.Manager, Roles.Admin],
        ["Mutation.createAccount"] = [Roles.Admin],
        ["Mutation.createTeam"] = [Roles.Manager, Roles.Admin],
        ["Mutation.joinTeam"] = [Roles.Learner, Roles.Admin],
        ["Mutation.leaveTeam"] = [Roles.Learner, Roles.Admin],
        ["Mutation.createChallenge"] = [Roles.Manager, Roles.Admin],
        ["Mutation.completeChallenge"] = [Roles.Manager, Roles.Admin],
        ["Mutation.recordActivity"] = [Roles.Learner, Roles.Manager, Roles.Admin],
        ["Mutation.recordActivities"] = [Roles.Manager, Roles.Admin],
        ["Mutation.eraseLearnerPersonalData"] = [Roles.Admin],
        ["Mutation.awardBadge"] = [Roles.Manager, Roles.Admin],
        ["Mutation.revokeAward"] = [Roles.Manager, Roles.Admin],
        ["Mutation.revokeBadge"] = [Roles.Manager, Roles.Admin],
        ["Mutation.setMyVisibility"] = [Roles.Learner],
        ["Query.packages"] = [AnyoneSignedIn],
        ["Query.package"] = [AnyoneSignedIn],
        ["Query.myPackages"] = [Roles.Author, Roles.Admin],
        ["Query.validatePackage"] = [Roles.Author, Roles.Admin],
        ["Query.previewPackageLesson"] = [Roles.Author, Roles.Admin],
        ["Query.packageProgress"] = [Roles.Learner],
        ["Query.lesson"] = [Roles.Learner],
        ["Query.preTest"] = [Roles.Learner],
        ["Query.postTest"] = [Roles.Learner],
        ["Mutation.startPackage"] = [Roles.Learner],
        ["Mutation.launchAssignableUnit"] = [Roles.Learner],
        ["Query.assignableUnitStates"] = [Roles.Learner],
        ["Mutation.waiveAssignableUnit"] = [Roles.Manager, Roles.Admin],
        ["Mutation.completeLesson"] = [Roles.Learner],
        ["Mutation.submitAnswers"] = [Roles.Learner],
        ["Mutation.ratePackage"] = [Roles.Learner],
        ["Mutation.publishPackage"] = [Roles.Author, Roles.Admin],
        ["Mutation.retirePackageVersion"] = [Roles.Author, Roles.Admin],
        ["Mutation.approvePackageRewards"] = [Roles.Manager, Roles.Admin],
        ["Query.rewardSchemes"] = [Roles.Manager, Roles.Admin],
        ["Query.rewardScheme"] = [Roles.Manager, Roles.Admin],
        ["Mutation.createRewardScheme"] = [Roles.Manager, Roles.Admin],
        ["Mutation.updateRewardScheme"] = [Roles.Manager, Roles.Admin],
        ["Mutation.activateRewardScheme"] = [Roles.Manager, Roles.Admin],
        ["Mutation.archiveRewardScheme"] = [Roles.Manager, Roles.Admin],
        ["Mutation.dryRunRewardScheme"] = [Roles.Manager, Roles.Admin],
        ["Mutation.recalculateAwards"] = [Roles.Admin],
        ["Query.learnerLeaderboard"] = [AnyoneSignedIn],
        ["Query.teamLeaderboard"] = [AnyoneSignedIn],
        ["Query.leaderboard"] = [AnyoneSignedIn],
        ["Query.departmentLeaderboard"] = [AnyoneSignedIn],
        ["Query.myRank"] = [Roles.Learner],
        ["Mutation.rebuildLeaderboards"] = [Roles.Admin],
        ["Query.packageAnalytics"] = [Roles.Author, Roles.Manager, Roles.Admin],
        ["Query.departmentAnalytics"] = [Roles.Manager, Roles.Admin],
        ["Query.suspiciousActivity"] = [Roles.Manager, Roles.Admin],
        ["Query.packageGainRanking"] = [Roles.Author, Roles.Manager, Roles.Admin],
        ["Query.stalePackages"] = [Roles.Author, Roles.Manager, Roles.Admin],
        ["Query.exportStatements"] = [Roles.Learner, Roles.Manager, Roles.Admin],
        ["Query.badgeCredentials"] = [AnyoneSignedIn],
        ["Query.verifyCredential"] = [Anonymous],
        ["Query.credentialIssuerKey"] = [Anonymous],
        ["Query.trainingPlan"] = [AnyoneSignedIn],
        ["Query.trainingPlans"] = [Roles.Manager, Roles.Admin],
        ["Query.myTrainingPlans"] = [Roles.Learner],
        ["Query.overdueAssignments"] = [Roles.Manager, Roles.Admin],
        ["Query.sessionCheckInCode"] = [AnyoneSignedIn],
        ["Mutation.createTrainingPlan"] = [Roles.Manager, Roles.Admin],
        // Everyone's own inbox and choices: the store scopes every read and write to the caller (NotificationTests).
        ["Query.notifications"] = [AnyoneSignedIn],
        ["Query.notificationPreferences"] = [AnyoneSignedIn],
        ["Mutation.markNotificationsRead"] = [AnyoneSignedIn],
        ["Mutation.setNotificationPreferences"] = [AnyoneSignedIn],
        ["Mutation.registerForSession"] = [Roles.Learner],
        ["Mutation.checkIn"] = [Roles.Learner],
        ["Mutation.updateTrainingPlan"] = [Roles.Manager, Roles.Admin],
        ["Mutation.archiveTrainingPlan"] = [Roles.Manager, Roles.Admin],
        ["Mutation.addSession"] = [Roles.Manager, Roles.Admin],
        ["Mutation.moveSession"] = [Roles.Manager, Roles.Admin],
        ["Mutation.setSessionCapacity"] = [Roles.Manager, Roles.Admin],
        ["Mutation.cancelSession"] = [Roles.Manager, Roles.Admin],
        ["Mutation.cancelRegistration"] = [Roles.Learner],
        ["Mutation.checkInByHost"] = [AnyoneSignedIn],
        ["Query.sessionRoster"] = [AnyoneSignedIn],
        ["Query.trainingRecord"] = [AnyoneSignedIn],
        ["Query.trainingRequirement"] = [Roles.Manager, Roles.Admin],
        ["Query.trainingShortfall"] = [Roles.Manager, Roles.Admin],
        ["Mutation.setTrainingRequirement"] = [Roles.Manager, Roles.Admin],
        ["Mutation.issueTrainingCertificate"] = [Roles.Learner],
        ["Query.brainstorm"] = [AnyoneSignedIn],
        ["Query.brainstorms"] = [AnyoneSignedIn],
        ["Mutation.createBrainstorm"] = [Roles.Manager, Roles.Admin],
        ["Mutation.submitIdea"] = [Roles.Learner],
        ["Mutation.voteIdea"] = [Roles.Learner],
        ["Mutation.hideIdea"] = [Roles.Manager, Roles.Admin],
        ["Mutation.closeBrainstorm"] = [Roles.Manager, Roles.Admin],
        ["Query.learners"] = [Roles.Manager, Roles.Admin],
        ["Mutation.importStaff"] = [Roles.Admin],
        ["Mutation.moveLearner"] = [Roles.Manager, Roles.Admin],
        ["Mutation.deactivateLearner"] = [Roles.Admin],
        ["Mutation.reactivateLearner"] = [Roles.Admin],
        ["Mutation.issueSignInLinks"] = [Roles.Admin],
        ["Query.serviceAccounts"] = [Roles.Admin],
        ["Mutation.createServiceAccount"] = [Roles.Admin],
        ["Mutation.revokeServiceAccount"] = [Roles.Admin],
        // Subscriptions go over the WebSocket transport; their access is tested in SubscriptionTests.
        ["Subscription.leaderboardChanged"] = [AnyoneSignedIn],
        ["Subscription.badgeAwarded"] = [AnyoneSignedIn],
        ["Subscription.levelUp"] = [AnyoneSignedIn],
        ["Subscription.awardRevoked"] = [AnyoneSignedIn],
        ["Subscription.notificationReceived"] = [AnyoneSignedIn],
    };

    /// <summary>
    /// Root field → the service scopes whose tokens reach it. A service token carries no person's roles: every field not
    /// named here refuses it (fields open to anonymous callers aside), in particular all that award points, record
    /// activity, or manage schemes and accounts.
    /// </summary>
    private static readonly Dictionary<string, string[]> ServiceDesign = new()
    {
        ["Query.learners"] = [ServiceScopes.StaffImport],
        ["Mutation.importStaff"] = [ServiceScopes.StaffImport],
        ["Query.validatePackage"] = [ServiceScopes.ContentPublish],
        ["Mutation.publishPackage"] = [ServiceScopes.ContentPublish],
        ["Query.packageAnalytics"] = [ServiceScopes.ReportsRead],
        ["Query.departmentAnalytics"] = [ServiceScopes.ReportsRead],
        ["Query.packageGainRanking"] = [ServiceScopes.ReportsRead],
        ["Query.stalePackages"] = [ServiceScopes.ReportsRead],
        ["Query.exportStatements"] = [ServiceScopes.ReportsRead],
    };

    public static IEnumerable<object[]> Scopes() => ServiceScopes.All.Select(scope => new object[] { scope });

    [Fact]
    public void the_service_design_names_exactly_the_fields_tagged_with_a_scope()
    {
        var tagged = RootFields().Where(f => f.Field.ServiceScopesOf().Count > 0)
            .ToDictionary(f => f.Key, f => f.Field.ServiceScopesOf().Order().ToArray());
        Assert.Equal(ServiceDesign.OrderBy(p => p.Key).Select(p => (p.Key, string.Join(",", p.Value.Order()))),
            tagged.OrderBy(p => p.Key).Select(p => (p.Key, string.Join(",", p.Value))));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task every_root_field_admits_a_service_token_exactly_when_the_service_design_names_its_scope(string scope)
    {
        var (clientId, secret) = await Gamified.Tests.SignIn.TestServiceAccounts.CreateAsync(fixture.Server, [scope], [DummyId], "matrix " + scope);
        var client = fixture.Server.ClientWithToken(await Gamified.Tests.SignIn.TestServiceAccounts.TokenAsync(fixture.Server, clientId, secret));
        var failures = new List<string>();

        foreach (var (key, field, operation) in RootFields())
        {
            var (document, variables) = CallOf(operation, field);
            var response = await client.PostAsync(document, variables);
            var codes = response.Errors?.Select(e => e?["extensions"]?["code"]?.GetValue<string>()).ToList() ?? [];
            var allowed = field.IsAnonymousAllowed() || (ServiceDesign.TryGetValue(key, out var scopes) && scopes.Contains(scope));

            if (allowed && (codes.Contains("UNAUTHENTICATED") || codes.Contains("FORBIDDEN")))
                failures.Add($"{key} refused a {scope} token: {response.Body?.ToJsonString()}");
            if (!allowed && !codes.Contains("FORBIDDEN"))
                failures.Add($"{key} should refuse a {scope} token with FORBIDDEN: {response.Body?.ToJsonString()}");
            Assert.True(response.Status < 500, $"{key} with a {scope} token answered {response.Status}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static IEnumerable<object[]> Callers() =>
        new[] { Anonymous }.Concat(Roles.All).Select(role => new object[] { role });

    [Fact]
    public void every_root_field_has_a_policy_and_a_row_in_the_access_design()
    {
        var schema = fixture.Server.Services.GetRequiredService<ISchema>();
        var subscriptions = schema.Subscription!.Fields.Select(f => (Key: $"Subscription.{f.Name}", Field: f)).ToList();
        foreach (var (key, field) in subscriptions)
            Assert.True(field.IsAuthorizationRequired() || field.IsAnonymousAllowed(), $"{key} carries no access policy.");
        var served = RootFields().Select(f => f.Key).Concat(subscriptions.Select(s => s.Key)).ToHashSet();

        Assert.Empty(served.Except(Design.Keys));   // served but never decided
        Assert.Empty(Design.Keys.Except(served));   // decided but no longer served: update the table
        foreach (var (key, field, _) in RootFields())
            Assert.True(field.IsAuthorizationRequired() || field.IsAnonymousAllowed(), $"{key} carries no access policy.");
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task every_root_field_admits_exactly_the_roles_of_the_design(string role)
    {
        var client = role == Anonymous
            ? fixture.Server.Anonymous
            : fixture.Server.ClientAs(DummyId, [role], [DummyId]);
        var failures = new List<string>();

        foreach (var (key, field, operation) in RootFields())
        {
            var (document, variables) = CallOf(operation, field);
            var response = await client.PostAsync(document, variables);
            var codes = response.Errors?.Select(e => e?["extensions"]?["code"]?.GetValue<string>()).ToList() ?? [];
            var allowed = field.IsAnonymousAllowed() || (role != Anonymous && (Design[key].Contains(AnyoneSignedIn) || Design[key].Contains(role)));
            var expected = allowed ? null : role == Anonymous ? "UNAUTHENTICATED" : "FORBIDDEN";

            if (expected is null && (codes.Contains("UNAUTHENTICATED") || codes.Contains("FORBIDDEN")))
                failures.Add($"{key} refused {role}: {response.Body?.ToJsonString()}");
            if (expected is not null && !codes.Contains(expected))
                failures.Add($"{key} should refuse {role} with {expected}: {response.Body?.ToJsonString()}");
            Assert.True(response.Status < 500, $"{key} as {role} answered {response.Status}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private const string DummyId = "matrix-x";

    /// <summary>Optional id arguments that narrow a field to a department the caller manages: a role that manages none
    /// (an author) may call the field, just not narrowed, so the matrix leaves them out.</summary>
    private static readonly HashSet<string> OptionalNarrowing = ["packageGainRanking.departmentId"];

    private IEnumerable<(string Key, FieldType Field, string Operation)> RootFields()
    {
        var schema = fixture.Server.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        foreach (var field in schema.Query.Fields) yield return ($"Query.{field.Name}", field, "query");
        foreach (var field in schema.Mutation!.Fields) yield return ($"Mutation.{field.Name}", field, "mutation");
    }

    /// <summary>
    /// A call of the field with a valid value for every required argument and every id argument, selecting only
    /// __typename. The caller's token names the same id as subject and department, so ownership checks pass
    /// and only the role decides.
    /// </summary>
    private static (string Document, Dictionary<string, object?> Variables) CallOf(string operation, FieldType field)
    {
        var required = field.Arguments?.Where(a => a.ResolvedType is NonNullGraphType
                                                   || (a.ResolvedType is IdGraphType && !OptionalNarrowing.Contains($"{field.Name}.{a.Name}"))).ToList() ?? [];
        var declarations = string.Join(", ", required.Select(a => $"${a.Name}: {a.ResolvedType}"));
        var arguments = string.Join(", ", required.Select(a => $"{a.Name}: ${a.Name}"));
        var selection = field.ResolvedType!.GetNamedType() is IComplexGraphType ? " { __typename }" : "";
        var document = $"{operation} Matrix{(declarations.Length > 0 ? $"({declarations})" : "")} {{ {field.Name}{(arguments.Length > 0 ? $"({arguments})" : "")}{selection} }}";
        return (document, required.ToDictionary(a => a.Name, a => SampleValue(a.ResolvedType!)));
    }

    private static object? SampleValue(IGraphType type) => type switch
    {
        NonNullGraphType nonNull => SampleValue(nonNull.ResolvedType!),
        ListGraphType list => new[] { SampleValue(list.ResolvedType!) },
        IdGraphType => DummyId,
        StringGraphType => "x",
        IntGraphType => 1,
        LongGraphType => 1L,
        FloatGraphType => 1.0,
        BooleanGraphType => true,
        DateTimeOffsetGraphType or DateTimeGraphType => "2026-01-01T00:00:00Z",
        EnumerationGraphType enumeration => enumeration.Values.First().Name,
        // Required fields, and id fields (so ownership checks see the caller's own id and department).
        IInputObjectGraphType input => input.Fields.Where(f => f.ResolvedType is NonNullGraphType || f.ResolvedType!.GetNamedType() is IdGraphType)
            .ToDictionary(f => f.Name, f => SampleValue(f.ResolvedType!)),
        _ => throw new NotSupportedException($"No sample value for {type.Name}: teach {nameof(SampleValue)} about it."),
    };
}
