using System.Text.Json.Nodes;

namespace Gamified.Tests.Infrastructure;

public static class ResponseAssertions
{
    /// <summary>No top-level errors, and no mutation payload in the data refused with userErrors.</summary>
    public static GraphQLResponse AssertNoErrors(this GraphQLResponse response)
    {
        Assert.True(response.Errors is null, $"Expected no errors, got: {response.Errors?.ToJsonString()}");
        Assert.True(response.FirstUserError is null, $"Expected no userErrors, got: {response.Body?.ToJsonString()}");
        return response;
    }

    /// <summary>
    /// The request was refused with <paramref name="code"/>, either as a top-level error (not signed in, not allowed,
    /// a malformed request) or as a mutation's userError (a refusal the caller can fix). Use
    /// <see cref="AssertTopLevelError"/> or <see cref="AssertUserError"/> where which one matters.
    /// </summary>
    public static GraphQLResponse AssertError(this GraphQLResponse response, string code)
    {
        Assert.True(response.Errors is { Count: > 0 } || response.FirstUserError is not null, $"Expected error {code}, got: {response.Body?.ToJsonString()}");
        Assert.Equal(code, response.RefusalCode);
        AssertNothingLeaked(response);
        return response;
    }

    public static GraphQLResponse AssertTopLevelError(this GraphQLResponse response, string code)
    {
        Assert.True(response.Errors is { Count: > 0 }, $"Expected top-level error {code}, got: {response.Body?.ToJsonString()}");
        Assert.Equal(code, response.FirstErrorCode);
        AssertNothingLeaked(response);
        return response;
    }

    /// <summary>A mutation answered with a userError of <paramref name="code"/>, no top-level error, and a null result.</summary>
    public static GraphQLResponse AssertUserError(this GraphQLResponse response, string code)
    {
        Assert.True(response.Errors is null, $"Expected userError {code}, got top-level errors: {response.Errors?.ToJsonString()}");
        Assert.True(response.FirstUserError is not null, $"Expected userError {code}, got: {response.Body?.ToJsonString()}");
        Assert.Equal(code, response.FirstUserError!["code"]!.GetValue<string>());
        var payload = response.Data!.AsObject().First(p => (p.Value as JsonObject)?["userErrors"] is JsonArray { Count: > 0 }).Value!.AsObject();
        Assert.All(payload.Where(p => p.Key is not ("userErrors" or "__typename")), p => Assert.Null(p.Value));
        AssertNothingLeaked(response);
        return response;
    }

    /// <summary>A userError's field path, dotted: ["input", "rules", "0"] → "input.rules.0".</summary>
    public static string? FieldPath(this JsonNode userError) =>
        userError["field"] is JsonArray path ? string.Join(".", path.Select(p => p!.GetValue<string>())) : null;

    private static void AssertNothingLeaked(GraphQLResponse response)
    {
        var text = response.Body!.ToJsonString();
        Assert.DoesNotContain("   at ", text);              // no stack trace
        Assert.DoesNotContain("Exception", text);            // no exception type names
    }
}
