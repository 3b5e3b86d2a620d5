namespace Gamified.Common;

/// <summary>
/// Stable error codes that reach clients in <c>extensions.code</c>. Clients branch on these,
/// so a code once published never changes meaning.
/// </summary>
public static class ErrorCodes
{
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string ChallengeNotOpen = "CHALLENGE_NOT_OPEN";
    /// <summary>The learner's department is not one the challenge was set for.</summary>
    public const string ChallengeNotForDepartment = "CHALLENGE_NOT_FOR_DEPARTMENT";
    public const string PackageNotStarted = "PACKAGE_NOT_STARTED";
    public const string TooSoon = "TOO_SOON";
    public const string PackageInvalid = "PACKAGE_INVALID";
    /// <summary>A lesson or test asked of a cmi5 course, which is taken through its AUs instead.</summary>
    public const string WrongPackageKind = "WRONG_PACKAGE_KIND";
    public const string TemplateRenderFailed = "TEMPLATE_RENDER_FAILED";
    public const string BadRequest = "BAD_REQUEST";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>A document over the cost, depth, root-field or expensive-field limits; refused before it executes.</summary>
    public const string QueryTooCostly = "QUERY_TOO_COSTLY";
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string Unavailable = "SERVICE_UNAVAILABLE";

    // Package rewards: approving more challenge points than a package version's budget.
    public const string RewardBudgetExceeded = "REWARD_BUDGET_EXCEEDED";

    // Training plans and their offline sessions.
    public const string NotAssigned = "NOT_ASSIGNED";
    public const string SessionFull = "SESSION_FULL";
    public const string SessionNotOpen = "SESSION_NOT_OPEN";
    public const string NotRegistered = "NOT_REGISTERED";
    public const string CheckInCodeInvalid = "CHECK_IN_CODE_INVALID";
    public const string CheckInCodeExpired = "CHECK_IN_CODE_EXPIRED";
    public const string CheckInCodeUsed = "CHECK_IN_CODE_USED";
    public const string AlreadyCheckedIn = "ALREADY_CHECKED_IN";
    /// <summary>The plan was archived or cancelled: no new registrations, no check-ins at its later sessions, no edits.</summary>
    public const string PlanNotActive = "PLAN_NOT_ACTIVE";
    public const string SessionCancelled = "SESSION_CANCELLED";
    /// <summary>Giving up a place is allowed only until the session's cut-off before its start.</summary>
    public const string CancellationCutOffPassed = "CANCELLATION_CUT_OFF_PASSED";

    // Brainstorm challenges.
    public const string BrainstormNotOpen = "BRAINSTORM_NOT_OPEN";
    public const string SelfVote = "SELF_VOTE";
    public const string SameDepartmentVote = "SAME_DEPARTMENT_VOTE";
    public const string AlreadyVoted = "ALREADY_VOTED";
    public const string VoteBudgetExhausted = "VOTE_BUDGET_EXHAUSTED";

    // The ledger's witnesses (POST /ledger/witness, docs/LEDGER.md).
    /// <summary>A signed head that does not extend the heads the witness holds: someone rewrote the log.</summary>
    public const string LedgerFork = "LEDGER_FORK";
    /// <summary>The head is not of the witness's size: send it again with a consistency proof from <c>heldSize</c>.</summary>
    public const string WitnessProofRequired = "WITNESS_PROOF_REQUIRED";
    /// <summary>The head is not signed by a key the witness was told to trust.</summary>
    public const string WitnessUntrusted = "WITNESS_UNTRUSTED";

    // Revocations.
    public const string NotRevocable = "NOT_REVOCABLE";

    // WebSockets: a subscribe beyond the connection's limit of subscriptions (WebSockets:MaxSubscriptionsPerSocket).
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";

    // People: a deactivated learner cannot score; the staff import's line errors (each with its line number).
    public const string LearnerDeactivated = "LEARNER_DEACTIVATED";
    public const string CsvTooLarge = "CSV_TOO_LARGE";
    public const string CsvTooManyRows = "CSV_TOO_MANY_ROWS";
    public const string CsvMalformed = "CSV_MALFORMED";
    public const string CsvMissingColumn = "CSV_MISSING_COLUMN";
    public const string CsvDuplicateColumn = "CSV_DUPLICATE_COLUMN";
    public const string StaffBadEmployeeNumber = "STAFF_BAD_EMPLOYEE_NUMBER";
    public const string StaffDuplicateEmployeeNumber = "STAFF_DUPLICATE_EMPLOYEE_NUMBER";
    public const string StaffBadName = "STAFF_BAD_NAME";
    public const string StaffUnknownDepartment = "STAFF_UNKNOWN_DEPARTMENT";
    public const string StaffUnknownRole = "STAFF_UNKNOWN_ROLE";
    public const string StaffBadEmail = "STAFF_BAD_EMAIL";
    public const string StaffBadPhone = "STAFF_BAD_PHONE";
    public const string StaffDepartmentInactive = "STAFF_DEPARTMENT_INACTIVE";

    // The organisation tree: an inactive department takes no learners or departments; a department with active learners or
    // active departments below it cannot be deactivated (the message counts them).
    public const string DepartmentInactive = "DEPARTMENT_INACTIVE";
    public const string DepartmentNotEmpty = "DEPARTMENT_NOT_EMPTY";

    // Teams: a team of a challenge closes when the challenge ends (no joins or leaves); leaving is for members only.
    public const string TeamClosed = "TEAM_CLOSED";
    public const string NotTeamMember = "NOT_TEAM_MEMBER";
}
