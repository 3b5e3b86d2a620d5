namespace Gamified.Api.Security;

/// <summary>The roles a token can carry (claim <c>role</c>, repeatable).</summary>
public static class Roles
{
    /// <summary>A staff member taking training: their own profile and activity, public boards, packages.</summary>
    public const string Learner = "learner";

    /// <summary>A content author: their own packages, and feedback and learning gain for them.</summary>
    public const string Author = "author";

    /// <summary>A training manager for the departments in the token's <c>department</c> claims (<c>*</c>: all).</summary>
    public const string Manager = "manager";

    /// <summary>Departments, teams, rebuilds and the audit log.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Learner, Author, Manager, Admin];

    /// <summary>The <c>department</c> claim value that makes a manager organisation-wide.</summary>
    public const string AllDepartments = "*";
}
