using Gamified.Accounts;
using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Accounts;

public sealed class LocalAccountType : ObjectGraphType<LocalAccountInfo>
{
    public LocalAccountType()
    {
        Name = "LocalAccount";
        Description = "An account that signs in with a password at the built-in provider; its user name is the tokens' subject.";
        Field(x => x.UserName, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles").Resolve(c => c.Source.Roles);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments").Resolve(c => c.Source.Departments);
        Field(x => x.CreatedAt);
    }
}

public sealed class SignInLinkType : ObjectGraphType<SignInLink>
{
    public SignInLinkType()
    {
        Name = "SignInLink";
        Description = "A one-time link with which a person chooses their password at the built-in provider. Give it to them privately; it works once, until it expires.";
        Field(x => x.UserName, type: typeof(NonNullGraphType<IdGraphType>)).Description("The person's user name: for staff, their learner id.");
        Field(x => x.Path).Description("The link, relative to the server's address (e.g. /connect/activate?token=…).");
        Field(x => x.ExpiresAt);
    }
}

public sealed class CreateAccountInput
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public List<string>? Departments { get; set; }
}

public sealed class CreateAccountInputType : InputObjectGraphType<CreateAccountInput>
{
    public CreateAccountInputType()
    {
        Name = "CreateAccountInput";
        Field(x => x.UserName, type: typeof(NonNullGraphType<IdGraphType>))
            .Description("2 to 64 lower-case letters, digits, '.', '_' or '-'; for a learner, their learner id.");
        Field(x => x.Password, type: typeof(NonNullGraphType<StringGraphType>))
            .Description("The first password: at least 10 characters with letters and digits, not containing the user name. Never stored or audited as given.");
        Field(x => x.Roles, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>)).Description("learner, author, manager, admin.");
        Field(x => x.Departments, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("The learner's department, or the departments a manager manages (* for all).");
    }
}

public static class AccountFields
{
    /// <summary>Links issued in one request: a department's worth at a time.</summary>
    public const int MaxSignInLinks = 500;

    public static void AddAccountMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SignInLinkType>>>>("issueSignInLinks")
            .Description($"One-time links for people to choose their password at the built-in provider (admins): staff the HR import listed, or anyone with an account "
                         + $"who forgot theirs. Each replaces the person's earlier link; using it ends their other sign-ins. At most {MaxSignInLinks} people; "
                         + "deactivated learners get none. Refused with BAD_REQUEST when an external identity provider signs people in.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            // The audit records for whom links were issued, never the links.
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)((c, _) => new { learnerIds = c.GetArgument<List<string>>("learnerIds") }))
            .PayloadResult("links")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("learnerIds", "Learner ids (employee numbers) or account user names.")
            .ResolveAsync(async c =>
            {
                var directory = Directory(c);
                var ids = c.GetArgument<List<string>>("learnerIds").Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
                if (ids.Count is 0 or > MaxSignInLinks)
                    throw DomainException.BadInput("learnerIds", $"Name 1 to {MaxSignInLinks} people.");
                var learners = await c.Service<LearnerService>().FindMany(ids.Where(Validate.IsId).ToList(), c.CancellationToken);
                if (ids.FirstOrDefault(id => learners.TryGetValue(id, out var l) && !l.Profile.Active) is { } deactivated)
                    throw DomainException.BadInput("learnerIds", $"Learner '{deactivated}' is deactivated: reactivate them first.");
                var others = ids.Where(id => !learners.ContainsKey(id)).ToList();
                var accounts = others.Count == 0 ? new HashSet<string>() : await directory.Existing(others, c.CancellationToken);
                if (others.FirstOrDefault(id => !accounts.Contains(id)) is { } unknown) throw DomainException.NotFound("Learner or account", unknown);
                return await directory.IssueSignInLinks(ids, c.Caller().Subject ?? "admin", c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<LocalAccountType>>("createAccount")
            .Description("Creates an account at the built-in sign-in provider (admins). Refused with BAD_REQUEST when an external identity provider signs people in.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            // The audit records who was created with which roles, never the password.
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)((c, _) =>
            {
                var input = c.GetArgument<CreateAccountInput>("input");
                return new { id = input.UserName, roles = input.Roles, departments = input.Departments ?? [] };
            }))
            .PayloadResult("account")
            .Argument<NonNullGraphType<CreateAccountInputType>>("input")
            .ResolveAsync(async c =>
            {
                var directory = Directory(c);
                var input = c.GetArgument<CreateAccountInput>("input");
                return await directory.Create(new NewLocalAccount(input.UserName, input.Password, input.Roles, input.Departments ?? []), c.CancellationToken);
            });
    }

    private static ILocalAccountDirectory Directory(IResolveFieldContext c) =>
        c.RequestServices!.GetService<ILocalAccountDirectory>()
        ?? throw new DomainException(ErrorCodes.BadRequest, "The built-in sign-in provider is off: accounts live at the identity provider (Auth:Authority).");
}
