using System.Collections;
using System.Reflection;

namespace Gamified.Tests.Deploy;

/// <summary>
/// Whether a configuration key (as the environment writes it, <c>Orleans__AdvertisedAddress</c>, or with colons) names a
/// setting the server reads: the options classes' <c>Section</c> constants and their public properties, found by reflection,
/// so a setting renamed in code and not in a deployment file fails the deployment tests.
/// </summary>
internal static class ConfigurationKeys
{
    // Read by ASP.NET Core, .NET or Orleans's Kubernetes hosting themselves, not by an options class of ours.
    private static readonly string[] HostPrefixes = ["ASPNETCORE_", "DOTNET_", "ORLEANS_", "POD_", "Logging:"];
    private static readonly string[] HostKeys = ["Urls"];

    private static readonly Lazy<IReadOnlyList<(string Section, Type Options)>> Sections = new(() =>
        [.. new[] { typeof(Gamified.Server.Hosting.GamifiedHost), typeof(Gamified.Api.Exports.BadgeCredentials),
                typeof(Gamified.Storage.Database.StorageOptions), typeof(Gamified.Leaderboards.LeaderboardOptions),
                typeof(Gamified.Rewards.RewardSettings) }
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type))
            // The longest section first: Auth:BuiltInProvider before Auth.
            .OrderByDescending(x => x.Item1.Length)]);

    /// <summary>Null when the key is known; otherwise why not.</summary>
    public static string? Problem(string key)
    {
        var path = key.Replace("__", ":");
        if (HostKeys.Contains(path, StringComparer.OrdinalIgnoreCase) ||
            HostPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            return null;
        foreach (var (section, options) in Sections.Value)
        {
            if (!path.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)) continue;
            return Resolve(options, path[(section.Length + 1)..].Split(':')) ? null
                : $"'{key}' is not a setting of {options.Name} (section {section})";
        }
        return $"'{key}' is in no configuration section the server reads";
    }

    private static bool Resolve(Type type, string[] segments)
    {
        if (segments.Length == 0) return true;
        // A list or an array takes an index, then the element's properties; a dictionary takes any name.
        if (type != typeof(string) && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            return true;
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
            return int.TryParse(segments[0], out _) && Resolve(ElementType(type), segments[1..]);
        var property = type.GetProperty(segments[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { CanWrite: true } || property?.PropertyType.IsClass == true
            ? Resolve(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, segments[1..])
            : false;
    }

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(object);
}
