using Gamified.Accounts;
using Gamified.Api.Audit;
using Gamified.Api.Common;
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
    public static void AddAccountMutations(this ObjectGraphType mutation)
    {
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
                var directory = c.RequestServices!.GetService<ILocalAccountDirectory>()
                    ?? throw new DomainException(ErrorCodes.BadRequest, "The built-in sign-in provider is off: accounts live at the identity provider (Auth:Authority).");
                var input = c.GetArgument<CreateAccountInput>("input");
                return await directory.Create(new NewLocalAccount(input.UserName, input.Password, input.Roles, input.Departments ?? []), c.CancellationToken);
            });
    }
}
