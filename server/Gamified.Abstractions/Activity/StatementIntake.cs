using Gamified.Common;

namespace Gamified.Activity;

/// <summary>Who sends a statement from outside, as far as the intake policy needs to know.</summary>
/// <param name="Subject">The caller's own id (their learner id when they are a learner).</param>
/// <param name="IsAdmin">An administrator: the import path for past activity.</param>
/// <param name="ManagesLearner">A manager of the department the statement's learner belongs to.</param>
public sealed record Submitter(string? Subject, bool IsAdmin, bool ManagesLearner);

/// <summary>
/// The one place that decides who may state what about whom, and with which attestation. Resolvers translate a
/// request into a <see cref="Submitter"/> and call <see cref="Admit"/>; grains trust what it admitted.
/// <list type="bullet">
/// <item>A statement about oneself is <see cref="Attestation.SelfReported"/>, whatever one's roles: nobody vouches
/// for themselves. It may not use a verb only the server states, a key of the server's, or the shape of the package
/// flow's graded steps.</item>
/// <item>A manager of the learner's department states <see cref="Attestation.Manager"/> statements with the same limits:
/// managers witness offline work, they do not grade tests or check people in.</item>
/// <item>An administrator's statement for someone else is an import (<see cref="Attestation.Manager"/>, reported time
/// honoured), and may carry any verb, but no key of the server's: it is how history moves in from another system.</item>
/// </list>
/// </summary>
public static class StatementIntake
{
    public static ActivityStatement Admit(ActivityStatement sent, string learnerId, Submitter submitter, DateTimeOffset now)
    {
        // Normalise first, so every check below sees the key and ids as they will be stored.
        var statement = StatementRules.Validate(sent with { Attestation = Attestation.SelfReported, Imported = false }, now);
        var self = submitter.Subject is not null && submitter.Subject == learnerId;
        // Nobody else takes a key of the server's first, an admin included: the server's own statement would then be a
        // conflicting replay, and the step it records (a pre-test, a check-in, a brainstorm's close) could never finish.
        if (ServerKeys.IsServers(statement.IdempotencyKey))
            throw DomainException.BadInput("input.idempotencyKey", $"Keys starting with {string.Join(", ", ServerKeys.Prefixes)} are the server's own.");
        if (!self && submitter.IsAdmin) return statement with { Attestation = Attestation.Manager, Imported = true };
        if (!self && !submitter.ManagesLearner)
            throw Forbidden("Only the learner themselves, a manager of their department or an admin may record activity for this learner.");

        if (Verbs.ServerAttested.Contains(statement.Verb))
            throw Forbidden($"'{statement.Verb}' is recorded by the server from a check-in or a brainstorm, not stated by people.");
        if (ImitatesPackageFlow(statement))
            throw Forbidden("A package's pre-test, post-test and completion are graded and recorded by the server (submitTest), not stated by people.");
        return statement with { Attestation = self ? Attestation.SelfReported : Attestation.Manager };
    }

    /// <summary>What <c>LearnerPackageGrain</c> records from its own grading: anything on a package's pre-test or
    /// post-test quiz, or <c>completed</c> on a package.</summary>
    private static bool ImitatesPackageFlow(ActivityStatement s) =>
        (s.Object.Kind == "quiz" && (s.Object.Id.EndsWith("/pre-test", StringComparison.OrdinalIgnoreCase)
                                     || s.Object.Id.EndsWith("/post-test", StringComparison.OrdinalIgnoreCase)))
        || s is { Verb: "completed", Object.Kind: "package" };

    private static DomainException Forbidden(string message) => new(ErrorCodes.Forbidden, message);
}
