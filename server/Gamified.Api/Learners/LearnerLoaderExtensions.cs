using Gamified.Api.Common;
using Gamified.Learners;
using GraphQL;

namespace Gamified.Api.Learners;

public static class LearnerLoaderExtensions
{
    /// <summary>The request's learner loader: learners named by many fields of one response are read once, together.</summary>
    public static BatchLoader<string, LearnerSnapshot> LearnerLoader(this IResolveFieldContext context) =>
        context.PerRequest("learners", () => context.Service<LearnerService>().Loader());
}
