using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

/// <summary>X-Forwarded-For names the client only when it comes from a configured proxy; otherwise it is ignored.</summary>
public sealed class ForwardedHeadersTests
{
    private static GraphQLClient From(GamifiedServer server, string subject, string[] roles, string forwardedFor)
    {
        var client = server.ClientAs(subject, roles);
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    private static async Task<string?> AuditedAddressOf(GamifiedServer server, string department) =>
        (await server.Client.QueryAsync("{ auditLog(first: 100, action: \"createDepartment\") { edges { node { target clientAddress } } } }"))["auditLog"]!["edges"]!
            .AsArray().Select(e => e!["node"]!).Single(e => e["target"]?.GetValue<string>() == department)["clientAddress"]?.GetValue<string>();

    [Fact]
    public async Task behind_a_configured_proxy_rate_limits_and_the_audit_log_use_the_forwarded_client_address()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            "--ForwardedHeaders:KnownProxies:0=127.0.0.1", "--RateLimits:PerAddressPerMinute=2");
        var first = From(server, "office-a", [Roles.Learner], "203.0.113.7");
        var second = From(server, "office-b", [Roles.Learner], "203.0.113.8");

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++) statuses.Add((await first.PostAsync("{ departments { id } }")).Status);
        Assert.Equal([200, 200, 429], statuses);
        (await second.PostAsync("{ departments { id } }")).AssertNoErrors();   // another client behind the same proxy

        var department = await new Scenario(From(server, "proxied-admin", [Roles.Admin], "198.51.100.20")).CreateDepartmentAsync();
        Assert.Equal("198.51.100.20", await AuditedAddressOf(server, department));
    }

    [Fact]
    public async Task without_configured_proxies_forwarded_headers_are_ignored()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--RateLimits:PerAddressPerMinute=4");
        var statuses = new List<int>();
        foreach (var claimed in new[] { "203.0.113.1", "203.0.113.2" })
            statuses.Add((await From(server, "spoofer-" + claimed, [Roles.Learner], claimed).PostAsync("{ departments { id } }")).Status);
        var department = await new Scenario(From(server, "spoofing-admin", [Roles.Admin], "198.51.100.20")).CreateDepartmentAsync();
        var audited = await AuditedAddressOf(server, department);

        // Four requests from 127.0.0.1, whatever they claimed: the fifth is over the address's limit.
        Assert.Equal([200, 200], statuses);
        Assert.Equal("127.0.0.1", audited);
        Assert.Equal(429, (await From(server, "spoofer-3", [Roles.Learner], "203.0.113.3").PostAsync("{ departments { id } }")).Status);
    }
}
