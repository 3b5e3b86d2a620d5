using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Security;

/// <summary>
/// What a service account (an integration signing in with client credentials) may reach. A service token carries no
/// person's roles: it reaches exactly the root fields tagged with one of its scopes (<see cref="AllowService{T}"/>), the
/// way roles are tagged, and nothing else. No scope reaches a field that awards points, records activity or manages
/// schemes and accounts: a machine does not assert that anyone learned anything.
/// </summary>
public static class ServiceScopes
{
    /// <summary>HR sync: <c>importStaff</c> and reading <c>learners</c>, within the account's departments.</summary>
    public const string StaffImport = "staff:import";

    /// <summary>Content pipelines: <c>validatePackage</c> and <c>publishPackage</c> (the account owns what it publishes).</summary>
    public const string ContentPublish = "content:publish";

    /// <summary>Reporting: the analytics and export queries and the <c>/reports</c> CSV downloads, within the account's departments.</summary>
    public const string ReportsRead = "reports:read";

    public static readonly IReadOnlyList<string> All =
        [StaffImport, ContentPublish, ReportsRead, Xapi.XapiScopes.Write, Xapi.XapiScopes.Read, Xapi.XapiScopes.ReadMine,
        Xapi.XapiScopes.State, Xapi.XapiScopes.Profile];

    /// <summary>Field metadata: the scopes (a <c>string[]</c>) whose service tokens may call the field.</summary>
    public const string MetadataKey = "gamified.serviceScopes";

    /// <summary>Lets service tokens with <paramref name="scope"/> call the field (role policies still apply to people).</summary>
    public static T AllowService<T>(this T field, string scope) where T : IMetadataWriter
    {
        if (!All.Contains(scope)) throw new ArgumentException($"'{scope}' is not a service scope.", nameof(scope));
        var scopes = field.MetadataReader.GetMetadata<string[]>(MetadataKey, []);
        field.Metadata[MetadataKey] = scopes.Append(scope).Distinct().ToArray();
        return field;
    }

    public static IReadOnlyList<string> ServiceScopesOf(this IMetadataReader field) => field.GetMetadata<string[]>(MetadataKey, []);
}
