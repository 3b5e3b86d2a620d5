using System.Collections.Concurrent;
using Gamified.Challenges;
using Gamified.Departments;
using Gamified.Directory;
using Gamified.Learners;
using Gamified.Teams;

namespace Gamified.Common;

/// <summary>
/// The one way to turn an entity id into a grain and back. Orleans's ADO.NET storage reads a string key
/// made only of hex digits as a number, so "7", "07" and "007" would share one stored state; every entity
/// key therefore starts with a marker that is not a hex digit.
/// </summary>
public static class GrainKeys
{
    private const string Marker = "@";

    public static string Of(string id) => Marker + id;

    /// <summary>The entity id of a grain (its key without the marker).</summary>
    public static string EntityId(this IAddressable grain)
    {
        var key = grain.GetPrimaryKeyString();
        return key.StartsWith(Marker, StringComparison.Ordinal)
            ? key[Marker.Length..]
            : throw new InvalidOperationException($"Grain key '{key}' was not made by {nameof(GrainKeys)}.");
    }

    public static ILearnerGrain Learner(this IGrainFactory grains, string id) => Get<ILearnerGrain>(grains, Of(id));

    public static IDepartmentGrain Department(this IGrainFactory grains, string id) => Get<IDepartmentGrain>(grains, Of(id));

    public static ITeamGrain Team(this IGrainFactory grains, string id) => Get<ITeamGrain>(grains, Of(id));

    public static IChallengeGrain Challenge(this IGrainFactory grains, string id) => Get<IChallengeGrain>(grains, Of(id));

    public static Rewards.IRewardSchemeGrain RewardScheme(this IGrainFactory grains, string id) => Get<Rewards.IRewardSchemeGrain>(grains, Of(id));

    // GetGrain<T>(key) looks up T's grain interface type by reflection on every call; the grain and interface
    // types are the same for every key, so they are looked up once per interface and reused.
    private static readonly ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)> Types = new();

    private static T Get<T>(IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        if (Types.TryGetValue(typeof(T), out var types))
            return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        var grain = grains.GetGrain<T>(key);
        if (grain is GrainReference reference) Types.TryAdd(typeof(T), (reference.GrainId.Type, reference.InterfaceType));
        return grain;
    }

    public static Plans.ITrainingPlanGrain TrainingPlan(this IGrainFactory grains, string id) => grains.GetGrain<Plans.ITrainingPlanGrain>(Of(id));

    public static Brainstorms.IBrainstormGrain Brainstorm(this IGrainFactory grains, string id) => grains.GetGrain<Brainstorms.IBrainstormGrain>(Of(id));

    public static IDirectoryGrain Directory(this IGrainFactory grains) => grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.Key);
}
