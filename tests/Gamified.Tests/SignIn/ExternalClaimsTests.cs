using System.Security.Claims;
using System.Text.Json;
using Gamified.Api.Security;

namespace Gamified.Tests.SignIn;

/// <summary>The claim mapping itself, on token payloads: names, paths, value forms and what it drops.</summary>
public sealed class ExternalClaimsTests
{
    private static ClaimsPrincipal? Map(string payload, ClaimMappingOptions options, out string? refusal) =>
        ExternalClaims.Map(JsonDocument.Parse(payload).RootElement, options, out refusal);

    private static string[] All(ClaimsPrincipal principal, string type) => [.. principal.FindAll(type).Select(c => c.Value)];

    [Fact]
    public void a_claim_whose_literal_name_holds_dots_is_read_before_a_path_and_a_numeric_employee_number_is_a_subject()
    {
        var options = new ClaimMappingOptions
        {
            SubjectClaim = "ext.employee_number",
            RoleClaims = ["https://example.gov.cn/roles"],
            Roles = new() { ["author"] = ["writers"] },
        };
        var mapped = Map("""{"ext":{"employee_number":20417},"https://example.gov.cn/roles":["writers"],"https://example":{"gov":"x"}}""", options, out _)!;
        Assert.Equal("20417", mapped.FindFirst(Caller.SubjectClaim)!.Value);
        Assert.Equal(["author"], All(mapped, Caller.RoleClaim));
        Assert.Equal(ExternalClaims.AuthenticationType, mapped.Identity!.AuthenticationType);
    }

    [Fact]
    public void a_subject_that_is_not_a_learner_id_signs_no_one_in()
    {
        Assert.Null(Map("""{"sub":"AbC+/x","role":"learner"}""", new ClaimMappingOptions(), out var refusal));
        Assert.Contains("not a learner id", refusal);
        Assert.Null(Map("""{"role":"learner"}""", new ClaimMappingOptions(), out refusal));
        Assert.Contains("no 'sub' claim", refusal);
    }

    [Fact]
    public void departments_that_are_not_ids_are_dropped_and_all_departments_only_when_allowed()
    {
        const string payload = """{"sub":"li-na","role":["manager"],"department":["tax-bureau","*","Bad Dept"]}""";
        Assert.Equal(["tax-bureau"], All(Map(payload, new ClaimMappingOptions(), out _)!, Caller.DepartmentClaim));
        Assert.Equal(["tax-bureau", "*"], All(Map(payload, new ClaimMappingOptions { AllowAllDepartments = true }, out _)!, Caller.DepartmentClaim));
    }

    [Fact]
    public void by_default_only_our_role_names_in_the_role_claim_count()
    {
        var mapped = Map("""{"sub":"li-na","role":"learner superuser Admin","groups":["admin"]}""", new ClaimMappingOptions(), out _)!;
        Assert.Equal(["learner"], All(mapped, Caller.RoleClaim));
    }
}
