using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>import-staff FILE [--dry-run] [--deactivate-missing] [--url URL] [--token TOKEN | --client-id ID]</c>: sends an HR export
/// to a running server's <c>importStaff</c> mutation, for scheduled syncs (cron, a systemd timer). The server does the work,
/// so the command needs no database of its own and works against a cluster alike. The token is an admin's or an HR service
/// account's: <c>--token</c>, else <c>GAMIFIED_TOKEN</c>; else a service account's client credentials (<c>--client-id</c> or
/// <c>GAMIFIED_CLIENT_ID</c>, with <c>GAMIFIED_CLIENT_SECRET</c> or <c>--client-secret</c>), with which the command fetches
/// its own token from the server's <c>/connect/token</c>; else, on an installation without an identity provider, one the
/// command signs with the local key. Prints the counts on standard output and each refused line on standard error;
/// exits 0 when everything was imported (or would be, in a dry run), 1 otherwise.
/// </summary>
public static class ImportStaffCommand
{
    private const string Mutation = """
        mutation($csv: String!, $dryRun: Boolean, $deactivateMissing: Boolean) {
          importStaff(csv: $csv, dryRun: $dryRun, deactivateMissing: $deactivateMissing) {
            report { dryRun rows created changed moved reactivated deactivated unchanged failures { line code message value } }
            userErrors { code message ... on StaffImportError { line column value } }
          }
        }
        """;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (UTF-8, with or without a byte order mark; header row)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only report what would change." };
        var deactivateMissing = new Option<bool>("--deactivate-missing") { Description = "Deactivate active learners who are not in the file." };
        var url = new Option<Uri>("--url")
        {
            Description = "The server's GraphQL endpoint.",
            DefaultValueFactory = _ => new Uri("http://localhost:5080/graphql"),
            // System.CommandLine has no converter for Uri: without this parser every --url was refused.
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps))
                    return address;
                result.AddError($"--url is an absolute http(s) address, e.g. http://localhost:5080/graphql (not '{text}').");
                return null;
            },
        };
        var token = new Option<string?>("--token") { Description = "An admin's bearer token (default: GAMIFIED_TOKEN, else one signed with the local key)." };
        var clientId = new Option<string?>("--client-id") { Description = "A service account with staff:import (default: GAMIFIED_CLIENT_ID): the command fetches its token." };
        var clientSecret = new Option<string?>("--client-secret")
        {
            Description = "The service account's secret (default: GAMIFIED_CLIENT_SECRET, which, unlike an argument, other users of the machine cannot see).",
        };
        var command = new Command("import-staff", "Import staff from an HR export (CSV) into a running server; for scheduled syncs.")
        {
            file, dryRun, deactivateMissing, url, token, clientId, clientSecret,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parsed, ct) =>
        {
            var bearer = parsed.GetValue(token) ?? Environment.GetEnvironmentVariable("GAMIFIED_TOKEN");
            var client = parsed.GetValue(clientId) ?? Environment.GetEnvironmentVariable("GAMIFIED_CLIENT_ID");
            if (bearer is null && !string.IsNullOrWhiteSpace(client))
            {
                var secret = parsed.GetValue(clientSecret) ?? Environment.GetEnvironmentVariable("GAMIFIED_CLIENT_SECRET");
                if (string.IsNullOrEmpty(secret))
                {
                    await Console.Error.WriteLineAsync("No client secret: set GAMIFIED_CLIENT_SECRET (or pass --client-secret).");
                    return 1;
                }
                (bearer, var problem) = await ServiceToken(parsed.GetRequiredValue(url), client, secret, ct);
                if (bearer is null)
                {
                    await Console.Error.WriteLineAsync(problem);
                    return 1;
                }
            }
            bearer ??= LocalAdminToken([.. parsed.UnmatchedTokens]);
            if (bearer is null)
            {
                await Console.Error.WriteLineAsync("No token: pass --token, set GAMIFIED_TOKEN, or give a service account's --client-id " +
                                                   "(an OIDC authority is configured, so none is signed locally).");
                return 1;
            }
            return await Run(parsed.GetRequiredValue(file).FullName, parsed.GetValue(dryRun), parsed.GetValue(deactivateMissing),
                parsed.GetRequiredValue(url), bearer, Console.Out, Console.Error, ct);
        });
        return command;
    }

    /// <summary>
    /// A service account's access token from the server's own <c>/connect/token</c> (client credentials, the secret in the
    /// Authorization header, scope staff:import); null and why when the server refuses.
    /// </summary>
    public static async Task<(string? Token, string Problem)> ServiceToken(Uri graphqlEndpoint, string clientId, string secret,
        CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(graphqlEndpoint, "/connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = ServiceScopes.StaffImport }),
        };
        // RFC 6749 §2.3.1: each part form-encoded, then Basic.
        var credentials = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null;
            if (response.IsSuccessStatusCode && body?["access_token"]?.GetValue<string>() is { Length: > 0 } accessToken) return (accessToken, "");
            return (null, $"The server refused the client credentials ({(int)response.StatusCode}): {body?["error"]} {body?["error_description"]}".TrimEnd());
        }
        catch (HttpRequestException problem)
        {
            return (null, $"Could not reach {graphqlEndpoint.GetLeftPart(UriPartial.Authority)}: {problem.Message}");
        }
    }

    /// <summary>Reads the file, sends it, prints the outcome; the exit code.</summary>
    public static async Task<int> Run(string path, bool dryRun, bool deactivateMissing, Uri endpoint, string token, TextWriter output,
        TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (ReadUtf8(path, out var problem) is not { } csv)
        {
            await errors.WriteLineAsync(problem);
            return 1;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(new { query = Mutation, variables = new { csv, dryRun, deactivateMissing } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (body?["errors"] is JsonArray { Count: > 0 } top)
        {
            foreach (var error in top)
                await errors.WriteLineAsync($"{error?["extensions"]?["code"]}: {error?["message"]}");
            return 1;
        }
        var payload = body?["data"]?["importStaff"];
        if (payload?["userErrors"] is JsonArray { Count: > 0 } refused)
        {
            foreach (var error in refused)
                await errors.WriteLineAsync($"line {error?["line"]}: {error?["code"]} {error?["message"]} {error?["value"]}".TrimEnd());
            await errors.WriteLineAsync($"{refused.Count} problem(s); nothing was imported.");
            return 1;
        }
        var report = payload?["report"];
        if (report is null)
        {
            await errors.WriteLineAsync($"The server answered {(int)response.StatusCode} without a report.");
            return 1;
        }
        await output.WriteLineAsync(
            $"{((bool?)report["dryRun"] == true ? "Dry run: would have" : "Imported:")} created {report["created"]}, changed {report["changed"]}, " +
            $"moved {report["moved"]}, reactivated {report["reactivated"]}, deactivated {report["deactivated"]}; {report["unchanged"]} unchanged of {report["rows"]} rows.");
        var failures = report["failures"]?.AsArray() ?? [];
        foreach (var failure in failures)
            await errors.WriteLineAsync($"line {failure?["line"]}: {failure?["code"]} {failure?["message"]} {failure?["value"]}".TrimEnd());
        if (failures.Count > 0) await errors.WriteLineAsync($"{failures.Count} learner(s) not changed; run the import again to retry them.");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The file as text when it is UTF-8 (a byte order mark is allowed); a UTF-16 file or bytes that are not UTF-8
    /// (e.g. a GBK export) are refused rather than read as garbled names.</summary>
    public static string? ReadUtf8(string path, out string problem)
    {
        problem = "";
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            problem = $"No file '{path}'.";
            return null;
        }
        if (info.Length > Api.People.StaffCsv.MaxBytes + 3)
        {
            problem = $"The file is larger than {Api.People.StaffCsv.MaxBytes / (1024 * 1024)} MiB; split it.";
            return null;
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            problem = "The file is UTF-16; save it as UTF-8 (\"CSV UTF-8\").";
            return null;
        }
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            problem = "The file is not UTF-8 (perhaps GBK); save it as UTF-8 (\"CSV UTF-8\").";
            return null;
        }
    }

    private static string? LocalAdminToken(string[] overrides)
    {
        var app = CommandLine.BuildHost(overrides);
        return app.Services.GetService<LocalTokens>()?.Issue("import-staff", [Roles.Admin], [], TimeSpan.FromHours(1));
    }
}
