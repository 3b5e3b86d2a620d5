using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Cost;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Content;
using Gamified.Plugins.Cmi5;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Content;

public sealed class AnswerInput
{
    public string QuestionId { get; set; } = "";
    public List<string>? Choices { get; set; }
    public string? Text { get; set; }
}

public sealed class AnswerInputType : InputObjectGraphType<AnswerInput>
{
    public AnswerInputType()
    {
        Name = "AnswerInput";
        Field(x => x.QuestionId);
        Field(x => x.Choices, nullable: true).Description("Chosen option ids; for true-false, \"true\" or \"false\".");
        Field(x => x.Text, nullable: true).Description("The answer to a short-answer question.");
    }
}

public sealed class SubmitAnswersInput
{
    public string PackageId { get; set; } = "";
    public TestKind Test { get; set; }
    public List<AnswerInput> Answers { get; set; } = [];
    public string Locale { get; set; } = "zh-CN";
}

public sealed class SubmitAnswersInputType : InputObjectGraphType<SubmitAnswersInput>
{
    public SubmitAnswersInputType()
    {
        Name = "SubmitAnswersInput";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Test, type: typeof(NonNullGraphType<TestKindType>));
        Field(x => x.Answers, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AnswerInputType>>>));
        Field(x => x.Locale, type: typeof(LocaleType)).DefaultValue("zh-CN").Description("The language of the explanations.");
    }
}

public sealed class RatePackageInput
{
    public string PackageId { get; set; } = "";
    public int Rating { get; set; }
    public string? Comment { get; set; }
}

public sealed class RatePackageInputType : InputObjectGraphType<RatePackageInput>
{
    public RatePackageInputType()
    {
        Name = "RatePackageInput";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Rating).Description("1 to 5.");
        Field(x => x.Comment, nullable: true).Description("At most 1000 characters.");
    }
}

public sealed class PublishPackageInput
{
    public string ArchiveBase64 { get; set; } = "";
    public string? PackageId { get; set; }
    public string? Version { get; set; }
    public string? Licence { get; set; }
    public int? EstimatedMinutes { get; set; }
    public string? ReviewBy { get; set; }

    /// <summary>The catalogue facts for a cmi5 export without manifest.json; checked where they land, in the derived manifest.</summary>
    public Cmi5PublishFacts Facts() => new(PackageId, Version, Validate.OptionalText(Licence, "input.licence", 200),
        EstimatedMinutes, ReviewBy);
}

public sealed class PublishPackageInputType : InputObjectGraphType<PublishPackageInput>
{
    public PublishPackageInputType()
    {
        Name = "PublishPackageInput";
        Field(x => x.ArchiveBase64).Description("The package as a .zip, base64-encoded (at most 10 MiB before encoding).");
        const string only = " Only for a cmi5 export without manifest.json (a package with one is refused when this is given).";
        Field(x => x.PackageId, type: typeof(IdGraphType))
            .Description("Default: derived from the course IRI of cmi5.xml, the same for every export of that course." + only);
        Field(x => x.Version, nullable: true).Description("Default: the next patch after the newest published version of the id, or 1.0.0." + only);
        Field(x => x.Licence, nullable: true).Description($"Default: \"{Cmi5ExportManifest.Unstated}\"." + only);
        Field(x => x.EstimatedMinutes, nullable: true).Description($"1 to 600. Default: {Cmi5ExportManifest.MinutesPerUnit} per AU." + only);
        Field(x => x.ReviewBy, nullable: true).Description($"yyyy-MM-dd. Default: {Cmi5ExportManifest.ReviewAfterMonths} months after publishing." + only);
    }
}

public static class PackageFields
{
    public static void AddPackageQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageType>>>>("packages")
            .Description("The catalogue: the newest published version of each package.")
            .Authorize()
            .Argument<StringGraphType>("tag")
            .Argument<LocaleType>("locale", "Only packages whose every lesson is written in this language.")
            .Resolve(c => c.Service<PackageService>().Catalogue(c.GetArgument<string?>("tag"), c.GetArgument<string?>("locale")).ToList());
        query.Field<PackageType>("package")
            .Description("A package in a given version, or its newest.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<StringGraphType>("version")
            .Resolve(c => c.Service<PackageService>().Find(c.GetArgument<string>("id"), c.GetArgument<string?>("version")));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageType>>>>("myPackages")
            .Description("The packages the caller owns (authors), every version.")
            .AuthorizeWithRoles(Roles.Author, Roles.Admin)
            .Resolve(c =>
            {
                var owner = c.Caller().Name;
                var service = c.Service<PackageService>();
                return service.Catalogue(null).Where(e => e.Owner == owner)
                    .Concat(c.Service<PackageCatalog>().PackageIds.Select(id => service.Find(id, null)).OfType<CatalogEntry>()
                        .Where(e => e.Owner == owner && e.IsRetired))
                    .DistinctBy(e => e.Package.Id).ToList();
            });
        query.Field<NonNullGraphType<PackageValidationType>>("validatePackage")
            .Description("Checks a package .zip as publishPackage would (same limits), without publishing it: problems with file:line:column, or the manifest.")
            .AuthorizeWithRoles(Roles.Author, Roles.Admin)
            .AllowService(ServiceScopes.ContentPublish)
            .Argument<NonNullGraphType<StringGraphType>>("archiveBase64", "The package as a .zip, base64-encoded (at most 10 MiB before encoding).")
            .Expensive(2_000)   // unpacks and parses a whole archive
            .Resolve(c => c.Service<PackageService>().Check(c.Caller(), c.GetArgument<string>("archiveBase64")));
        query.Field<NonNullGraphType<RenderedLessonType>>("previewPackageLesson")
            .Description("A lesson of an unpublished package .zip, rendered and cleaned in the same sandbox as published lessons, for a sample learner.")
            .AuthorizeWithRoles(Roles.Author, Roles.Admin)
            .Argument<NonNullGraphType<StringGraphType>>("archiveBase64", "The package as a .zip, base64-encoded (at most 10 MiB before encoding).")
            .Argument<NonNullGraphType<IdGraphType>>("lessonId")
            .Argument<LocaleType>("locale", "Default zh-CN.")
            .Expensive(2_000)   // unpacks an archive and renders a template (up to the sandbox's time limit)
            .ResolveAsync(async c => await c.Service<PackageService>().Preview(c.Caller(), c.GetArgument<string>("archiveBase64"),
                c.GetArgument<string>("lessonId"), c.GetArgument("locale", "zh-CN")));
        query.Field<PackageProgressType>("packageProgress")
            .Description("The caller's progress in a package; null before they start it.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .ResolveAsync(async c => await Mine(c).Progress());
        query.Field<NonNullGraphType<RenderedLessonType>>("lesson")
            .Description("A lesson of a started package, rendered for the caller, in the version they started.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .Argument<NonNullGraphType<IdGraphType>>("lessonId")
            .Argument<LocaleType>("locale", "Default zh-CN.")
            .Expensive(500)   // renders a template (up to the sandbox's time limit)
            .ResolveAsync(async c => await Mine(c).OpenLesson(c.GetArgument<string>("lessonId"), c.GetArgument("locale", "zh-CN")));
        foreach (var (name, test) in new[] { ("preTest", TestKind.PreTest), ("postTest", TestKind.PostTest) })
            query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<QuestionViewType>>>>(name)
                .Description(test == TestKind.PreTest
                    ? "The pre-test of a started package, without answers: drawn from its bank when it has one. Its minimum time starts when it is first served."
                    : "The questions of the next post-test attempt of a started package, without answers: each attempt draws other questions where the bank has them.")
                .AuthorizeWithRoles(Roles.Learner)
                .Argument<NonNullGraphType<IdGraphType>>("packageId")
                .Argument<LocaleType>("locale", "Default zh-CN.")
                .ResolveAsync(async c => await Mine(c).Questions(test, c.GetArgument("locale", "zh-CN")));
    }

    public static void AddPackageMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<PackageProgressType>>("startPackage")
            .Description("Starts the newest version of a package for the caller, who then stays on that version.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .ResolveAsync(async c => await Mine(c).Start());
        mutation.Field<NonNullGraphType<PackageProgressType>>("completeLesson")
            .Description("Marks an opened lesson as viewed (after its minimum time on it).")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .Argument<NonNullGraphType<IdGraphType>>("lessonId")
            .ResolveAsync(async c => await Mine(c).CompleteLesson(c.GetArgument<string>("lessonId")));
        mutation.Field<NonNullGraphType<TestOutcomeType>>("submitAnswers")
            .Description("Grades a pre-test (once, after its minimum time: TOO_SOON before) or post-test (up to 3 times) on the server; answers name only the attempt's questions.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<SubmitAnswersInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SubmitAnswersInput>("input");
                var grain = c.Service<PackageService>().Progress(RequireSubject(c), input.PackageId);
                return await grain.Submit(input.Test, input.Answers.Select(a => new Answer(a.QuestionId, a.Choices, a.Text)).ToList(), input.Locale);
            });
        mutation.Field<NonNullGraphType<RatingType>>("ratePackage")
            .Description("Rates the version of a package the caller is on, once: 1–5 and an optional comment.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<RatePackageInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RatePackageInput>("input");
                return await c.Service<PackageService>().Rate(RequireSubject(c), Validate.Id(input.PackageId, "input.packageId"), input.Rating, input.Comment);
            });
        mutation.Field<NonNullGraphType<PackageType>>("publishPackage")
            .Description("Publishes a new version of a package from a .zip; refusals come back in userErrors, and nothing changes.")
            .AuthorizeWithRoles(Roles.Author, Roles.Admin)
            .AllowService(ServiceScopes.ContentPublish)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)PublishAudit.Summarise)
            .Argument<NonNullGraphType<PublishPackageInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<PublishPackageInput>("input");
                var published = await c.Service<PackageService>().Publish(c.Caller(), input.ArchiveBase64, input.Facts());
                return published.Errors.Count > 0 ? MutationPayload.Refused(published.Errors) : new MutationPayload(published.Entry, []);
            });
        mutation.Field<NonNullGraphType<PackageType>>("retirePackageVersion")
            .Description("Hides a version from new starts; learners on it finish on it (the package's owner, admins).")
            .AuthorizeWithRoles(Roles.Author, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .Argument<NonNullGraphType<StringGraphType>>("version")
            .ResolveAsync(async c => await c.Service<PackageService>().Retire(c.Caller(), c.GetArgument<string>("packageId"), c.GetArgument<string>("version")));
        mutation.AddPackageRewardApproval();
    }

    private static ILearnerPackageGrain Mine(IResolveFieldContext c) =>
        c.Service<PackageService>().Progress(RequireSubject(c), c.GetArgument<string>("packageId"));

    private static string RequireSubject(IResolveFieldContext c) =>
        c.Caller().Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject.");
}
