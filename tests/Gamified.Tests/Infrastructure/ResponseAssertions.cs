namespace Gamified.Tests.Infrastructure;

public static class ResponseAssertions
{
    public static GraphQLResponse AssertNoErrors(this GraphQLResponse response)
    {
        Assert.True(response.Errors is null, $"Expected no errors, got: {response.Errors?.ToJsonString()}");
        return response;
    }

    public static GraphQLResponse AssertError(this GraphQLResponse response, string code)
    {
        Assert.True(response.Errors is { Count: > 0 }, $"Expected error {code}, got: {response.Body?.ToJsonString()}");
        Assert.Equal(code, response.FirstErrorCode);
        var text = response.Body!.ToJsonString();
        Assert.DoesNotContain("   at ", text);              // no stack trace
        Assert.DoesNotContain("Exception", text);            // no exception type names
        return response;
    }
}
