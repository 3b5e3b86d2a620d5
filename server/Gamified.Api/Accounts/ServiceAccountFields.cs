using Gamified.Accounts;
using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Accounts;

public sealed class ServiceAccountType : ObjectGraphType<ServiceAccountInfo>
{
    public ServiceAccountType()
    {
        Name = "ServiceAccount";
        Description = "An integration (HR sync, content pipeline, reporting) that signs in with client credentials at /connect/token. Its secret is never shown again.";
        Field(x => x.ClientId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The client_id it sends to /connect/token; also the subject of its tokens and its name in the audit log.");
        Field(x => x.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .Description("What its tokens reach: staff:import, content:publish, reports:read.").Resolve(c => c.Source.Scopes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments")
            .Description("The departments it is limited to, with those below them (* for all).").Resolve(c => c.Source.Departments);
        Field(x => x.CreatedAt);
        Field(x => x.CreatedBy).Description("The admin who created it.");
        Field(x => x.LastUsedAt, nullable: true).Description("When it last fetched a token; null if never.");
    }
}

public sealed class CreatedServiceAccountType : ObjectGraphType<CreatedServiceAccount>
{
    public CreatedServiceAccountType()
    {
        Name = "CreatedServiceAccount";
        Field<NonNullGraphType<ServiceAccountType>>("account").Resolve(c => c.Source.Account);
        Field(x => x.ClientSecret).Description("Shown this once: keep it in the integration's secret store. Only a hash is kept; a lost secret means a new account.");
    }
}

public sealed class CreateServiceAccountInput
{
    public string Name { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
    public List<string>? Departments { get; set; }
}

public sealed class CreateServiceAccountInputType : InputObjectGraphType<CreateServiceAccountInput>
{
    public CreateServiceAccountInputType()
    {
        Name = "CreateServiceAccountInput";
        Field(x => x.Name).Description("1 to 100 characters, e.g. 人事系统同步 (市局).");
        Field(x => x.Scopes, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>))
            .Description("One or more of staff:import, content:publish, reports:read.");
        Field(x => x.Departments, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("The departments it may import into and report on (and those below them); * for all. Default: none.");
    }
}

public static class ServiceAccountFields
{
    private static IServiceAccountDirectory Directory(IResolveFieldContext c) =>
        c.RequestServices!.GetService<IServiceAccountDirectory>()
        ?? throw new DomainException(ErrorCodes.BadRequest,
            "内置登录服务已关闭：服务账号由外部身份提供方管理。 / The built-in sign-in provider is off: service accounts live at the identity provider (Auth:Authority).");

    public static void AddServiceAccountQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceAccountType>>>>("serviceAccounts")
            .Description("The service accounts of the built-in provider, oldest first (admins); never their secrets.")
            .AuthorizeWithRoles(Roles.Admin)
            .ResolveAsync(async c => await Directory(c).List(c.CancellationToken));
    }

    public static void AddServiceAccountMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreatedServiceAccountType>>("createServiceAccount")
            .Description("Creates a service account that signs in with client credentials, and answers its secret once (admins). "
                         + "Refused with BAD_REQUEST when an external identity provider signs people in.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            // The audit names the account created, never its secret.
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)((c, result) =>
            {
                var input = c.GetArgument<CreateServiceAccountInput>("input");
                var created = ((result as MutationPayload)?.Result ?? result) as CreatedServiceAccount;
                return new { id = created?.Account.ClientId, name = input.Name, scopes = input.Scopes, departments = input.Departments ?? [] };
            }))
            .PayloadResult("created")
            .Argument<NonNullGraphType<CreateServiceAccountInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CreateServiceAccountInput>("input");
                return await Directory(c).Create(new NewServiceAccount(input.Name, input.Scopes, input.Departments ?? []), c.Caller().Name, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ServiceAccountType>>("revokeServiceAccount")
            .Description("Removes a service account (admins): its secret stops working and the tokens it holds are refused at once, over HTTP and WebSocket.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)((c, _) => new { id = c.GetArgument<string>("clientId") }))
            .PayloadResult("account")
            .Argument<NonNullGraphType<IdGraphType>>("clientId")
            .ResolveAsync(async c => await Directory(c).Revoke(c.GetArgument<string>("clientId"), c.CancellationToken));
    }
}
