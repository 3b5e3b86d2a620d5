using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Api.Content;
using Gamified.Cmi5;
using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Api.Xapi;
using Gamified.Common;
using Gamified.Content;
using Gamified.Plugins.Packages;
using Gamified.Xapi;
using Microsoft.AspNetCore.Http;

namespace Gamified.Api.Cmi5;

/// <summary>What the pages need to open an AU: its URL (with the cmi5 launch parameters) and how to show it.</summary>
public sealed record AssignableUnitLaunch(string Url, Guid Registration, Guid SessionId, string LaunchMethod, bool Sandboxed);

/// <summary>
/// Launches an AU for the signed-in learner (cmi5 sections 8 and 10): pins the course version as startPackage does, reuses the
/// learner's registration in the course, opens a session with a one-time fetch key, writes <c>LMS.LaunchData</c> into the
/// LRS's state, records <c>launched</c>, and builds the launch URL.
/// </summary>
public sealed class Cmi5Launcher(IGrainFactory grains, PackageService packages, IXapiDocumentStore documents, XapiStatements statements,
    ExportOptions exports, Cmi5Options options, IHttpContextAccessor http, TimeProvider clock)
{
    public const string SessionIdExtension = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
    public const string LaunchDataId = "LMS.LaunchData";
    public const string Cmi5Category = "https://w3id.org/xapi/cmi5/context/categories/cmi5";

    public async Task<AssignableUnitLaunch> Launch(string learnerId, string packageId, string auId, CancellationToken cancellationToken)
    {
        if (packages.Find(Validate.Id(packageId, "packageId"), null) is not { } latest) throw DomainException.NotFound("Package", packageId);
        if (latest.Package.Kind != PackageKind.Cmi5)
            throw new DomainException(ErrorCodes.WrongPackageKind, $"'{packageId}' is not a cmi5 course: start it with startPackage.");
        var version = (await packages.Progress(learnerId, packageId).Start()).Version;
        var entry = packages.Find(packageId, version) ?? throw new DomainException(ErrorCodes.Unavailable, $"{packageId} {version} is not loaded here yet.");
        var unit = entry.Package.Course?.Unit(auId) ?? throw DomainException.NotFound("Assignable unit", auId);

        var registration = await grains.GetGrain<ICmi5RegistrationGrain>(ICmi5RegistrationGrain.Key(learnerId, packageId)).Registration();
        var session = new Cmi5Session(Guid.NewGuid(), learnerId, packageId, version, unit.Id, registration, clock.GetUtcNow(), unit.MoveOn,
            unit.MasteryScore);
        var fetchKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await grains.GetGrain<ICmi5SessionGrain>(session.SessionId).Open(session, Cmi5SessionGrain.Hash(fetchKey));
        // One live session an AU and registration: the one this launch replaces takes nothing more, and if the AU left it
        // without terminated, it states abandoned (cmi5 9.3.6) now, before its timeout would.
        var replaced = await grains.GetGrain<ICmi5RegistrationGrain>(ICmi5RegistrationGrain.Key(learnerId, packageId)).ReplaceSession(unit.Id, session.SessionId);
        if (replaced is { } previous) await grains.GetGrain<ICmi5SessionGrain>(previous).Abandon();

        var request = http.HttpContext?.Request ?? throw new DomainException(ErrorCodes.Unavailable, "Launching needs an HTTP request.");
        var self = $"{request.Scheme}://{request.Host}";
        var contentOrigin = string.IsNullOrEmpty(options.ContentOrigin) ? self : options.ContentOrigin.TrimEnd('/');
        var returnUrl = $"{self}/#/learner/course/{Uri.EscapeDataString(packageId)}";
        var agent = Agent(exports, learnerId);

        var launchData = new JsonObject
        {
            ["contextTemplate"] = ContextTemplate(unit.Id, session.SessionId),
            ["launchMode"] = "Normal",
            ["moveOn"] = unit.MoveOn,
            ["returnURL"] = returnUrl,
        };
        if (unit.MasteryScore is { } mastery) launchData["masteryScore"] = mastery;
        if (unit.LaunchParameters is { } parameters) launchData["launchParameters"] = parameters;
        await WriteLaunchData(new XapiDocumentKey(XapiDocumentKind.State, unit.Id, statements.PersonKey(learnerId), registration.ToString("D"), LaunchDataId),
            launchData, cancellationToken);

        var path = string.Join('/', unit.FilePath.Split('/').Select(Uri.EscapeDataString));
        var query = unit.Url.Contains('?') ? unit.Url[(unit.Url.IndexOf('?') + 1)..] + "&" : "";
        var url = $"{contentOrigin}/cmi5/content/{Uri.EscapeDataString(packageId)}/{version}/{path}?{query}" + string.Join('&', new[]
        {
            ("endpoint", $"{self}/xapi/"),
            ("fetch", $"{self}/cmi5/fetch/{session.SessionId:D}?key={fetchKey}"),
            ("actor", agent.ToJsonString()),
            ("registration", registration.ToString("D")),
            ("activityId", unit.Id),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));

        await statements.StoreByServer(Launched(agent, unit.Id, session, unit.MoveOn, url), cancellationToken);
        return new AssignableUnitLaunch(url, registration, session.SessionId, unit.LaunchMethod, string.IsNullOrEmpty(options.ContentOrigin));
    }

    public static JsonObject Agent(ExportOptions exports, string learnerId) => new()
    {
        ["objectType"] = "Agent",
        ["account"] = new JsonObject { ["homePage"] = $"{exports.XapiBase.TrimEnd('/')}/learners", ["name"] = learnerId },
    };

    public static JsonObject ContextTemplate(string auId, Guid sessionId) => new()
    {
        ["contextActivities"] = new JsonObject { ["grouping"] = new JsonArray(new JsonObject { ["id"] = auId }) },
        ["extensions"] = new JsonObject { [SessionIdExtension] = sessionId.ToString("D") },
    };

    /// <summary>The LMS's <c>launched</c> statement (cmi5 9.3.1), written before the AU opens.</summary>
    private static JsonObject Launched(JsonObject agent, string auId, Cmi5Session session, string moveOn, string url)
    {
        var context = ContextTemplate(auId, session.SessionId);
        context["registration"] = session.Registration.ToString("D");
        context["contextActivities"]!["category"] = new JsonArray(new JsonObject { ["id"] = Cmi5Category });
        var extensions = context["extensions"]!.AsObject();
        extensions["https://w3id.org/xapi/cmi5/context/extensions/launchmode"] = "Normal";
        extensions["https://w3id.org/xapi/cmi5/context/extensions/launchurl"] = url[..url.IndexOf('?')];
        extensions["https://w3id.org/xapi/cmi5/context/extensions/moveon"] = moveOn;
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["actor"] = agent.DeepClone(),
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/launched", ["display"] = new JsonObject { ["en-US"] = "launched" } },
            ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = auId },
            ["context"] = context,
            ["timestamp"] = session.LaunchedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Replaces the registration's LaunchData (each launch brings a new session id); conditional, so a writer in between is retried.</summary>
    private async Task WriteLaunchData(XapiDocumentKey key, JsonObject launchData, CancellationToken cancellationToken)
    {
        var content = System.Text.Encoding.UTF8.GetBytes(launchData.ToJsonString());
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await documents.Find(key, cancellationToken);
            var document = new XapiDocument(key, content, "application/json", Convert.ToHexStringLower(SHA1.HashData(content)), clock.GetUtcNow());
            if (await documents.Write(document, existing?.Etag, cancellationToken)) return;
        }
        throw new DomainException(ErrorCodes.Unavailable, "The launch data could not be written; try again.");
    }
}
