using System.Text.Json.Nodes;
using Gamified.Api.Xapi;

namespace Gamified.Tests.Xapi;

/// <summary>
/// The statement rules of xAPI 1.0.3 (Data, section 2), one case a clause: each change to an otherwise valid statement is
/// refused at the path named, and the valid forms the specification allows are accepted. docs/XAPI.md lists the clauses.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StatementValidatorTests
{
    private const string Valid = """
        {"actor":{"objectType":"Agent","name":"王芳","mbox":"mailto:wangfang@example.gov.cn"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"zh-CN":"完成","en-US":"completed"}},
         "object":{"objectType":"Activity","id":"https://example.gov.cn/courses/data-sharing",
                   "definition":{"name":{"zh-CN":"数据共享"},"type":"http://adlnet.gov/expapi/activities/course",
                                 "interactionType":"choice","correctResponsesPattern":["a"],"choices":[{"id":"a","description":{"zh-CN":"甲"}}]}},
         "result":{"score":{"scaled":0.8,"raw":80,"min":0,"max":100},"success":true,"completion":true,"duration":"PT1H2M3.5S"},
         "context":{"registration":"6f9619ff-8b86-d011-b42d-00c04fc964ff","platform":"Gamified","language":"zh-CN",
                    "contextActivities":{"parent":{"id":"https://example.gov.cn/programmes/2026"}},
                    "extensions":{"https://example.gov.cn/ext/room":null}},
         "timestamp":"2026-12-08T09:30:00+08:00","version":"1.0.3"}
        """;

    private static JsonObject With(string path, JsonNode? value)
    {
        var statement = JsonNode.Parse(Valid)!.AsObject();
        var keys = path.Split('.');
        var target = statement;
        foreach (var key in keys[..^1]) target = target[key]!.AsObject();
        if (value is null && keys[^1].StartsWith('-')) target.Remove(keys[^1][1..]);
        else target[keys[^1]] = value;
        return statement;
    }

    [Fact]
    public void the_valid_statement_is_accepted_and_filed_under_its_actor_verb_activity_and_registration()
    {
        var checkedStatement = StatementValidator.Check(JsonNode.Parse(Valid));
        Assert.Equal("mbox:mailto:wangfang@example.gov.cn", checkedStatement.ActorKey);
        Assert.Equal("http://adlnet.gov/expapi/verbs/completed", checkedStatement.VerbId);
        Assert.Equal("https://example.gov.cn/courses/data-sharing", checkedStatement.ActivityId);
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), checkedStatement.Registration);
        Assert.Null(checkedStatement.VoidsId);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // path to change, new value (JSON, or "-" to remove), the path the refusal names
        { "colour", "\"red\"", "statement.colour" },
        { "result", "null", "statement.result" },
        { "id", "\"not-a-uuid\"", "statement.id" },
        { "version", "\"2.0.0\"", "statement.version" },
        { "attachments", "{}", "statement.attachments" },
        { "attachments", "[{\"display\":{\"zh-CN\":\"附件\"},\"contentType\":\"text/plain\",\"length\":1,\"sha2\":\"ab\"}]", "statement.attachments[0].usageType" },
        { "timestamp", "\"2026-12-08T09:30:00\"", "statement.timestamp" },
        { "timestamp", "\"2026-12-08T09:30:00-00:00\"", "statement.timestamp" },
        { "timestamp", "\"2026-12-08T09:30:00-0000\"", "statement.timestamp" },
        { "result.duration", "\"P4W1D\"", "statement.result.duration" },
        { "object.definition.-interactionType", "-", "statement.object.definition.correctResponsesPattern" },
        { "authority", "{\"objectType\":\"Group\",\"mbox\":\"mailto:office@example.gov.cn\"}", "statement.authority" },
        { "authority", "{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:a@example.gov.cn\"}]}", "statement.authority" },
        { "-actor", "-", "statement.actor" },
        { "actor.openid", "\"https://id.example.gov.cn/wf\"", "statement.actor" },
        { "actor.mbox", "\"wangfang@example.gov.cn\"", "statement.actor.mbox" },
        { "actor.objectType", "\"Person\"", "statement.actor.objectType" },
        { "actor.age", "40", "statement.actor.age" },
        { "verb.id", "\"completed\"", "statement.verb.id" },
        { "verb.display", "{\"not a tag!\":\"x\"}", "statement.verb.display.not a tag!" },
        { "object.id", "\"data-sharing\"", "statement.object.id" },
        { "object.objectType", "\"Thing\"", "statement.object.objectType" },
        { "object.definition.interactionType", "\"essay\"", "statement.object.definition.interactionType" },
        { "object.definition.extensions", "{\"room\":1}", "statement.object.definition.extensions.room" },
        { "result.score.scaled", "-1.5", "statement.result.score.scaled" },
        { "result.score.raw", "120", "statement.result.score.raw" },
        { "result.score.min", "100", "statement.result.score.min" },
        { "result.success", "\"yes\"", "statement.result.success" },
        { "result.duration", "\"90 minutes\"", "statement.result.duration" },
        { "context.registration", "\"1234\"", "statement.context.registration" },
        { "context.language", "\"zh_CN\"", "statement.context.language" },
        { "context.team", "{\"mbox\":\"mailto:team@example.gov.cn\"}", "statement.context.team" },
        { "context.contextActivities.sibling", "[]", "statement.context.contextActivities.sibling" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void a_statement_breaking_a_rule_is_refused_at_the_property_at_fault(string path, string value, string refusedAt)
    {
        var statement = With(path, value == "-" ? null : JsonNode.Parse(value));
        var refused = Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(statement));
        Assert.Equal(refusedAt, refused.Path);
    }

    [Fact]
    public void platform_and_revision_belong_to_statements_about_activities_only()
    {
        var aboutAgent = With("object", JsonNode.Parse("""{"objectType":"Agent","mbox":"mailto:li@example.gov.cn"}"""));
        Assert.Equal("statement.context.platform", Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(aboutAgent)).Path);
    }

    [Fact]
    public void groups_have_at_most_one_identifier_and_anonymous_groups_list_agents()
    {
        Assert.StartsWith("group:", StatementValidator.Check(With("actor", JsonNode.Parse(
            """{"objectType":"Group","member":[{"mbox":"mailto:a@example.gov.cn"},{"account":{"homePage":"https://hr.example.gov.cn","name":"e1"}}]}"""))).ActorKey);
        Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(With("actor", JsonNode.Parse("""{"objectType":"Group","name":"无人"}"""))));
        Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(With("actor", JsonNode.Parse(
            """{"objectType":"Group","member":[{"objectType":"Group","mbox":"mailto:g@example.gov.cn"}]}"""))));
        Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(With("actor", JsonNode.Parse(
            """{"objectType":"Agent","account":{"homePage":"https://hr.example.gov.cn"}}"""))));
    }

    [Fact]
    public void an_authority_is_an_agent_or_an_anonymous_group_of_two_agents()
    {
        StatementValidator.Check(With("authority", JsonNode.Parse(
            """{"objectType":"Group","member":[{"account":{"homePage":"https://lrs.example.gov.cn/apps","name":"player"}},{"mbox":"mailto:a@example.gov.cn"}]}""")));
        StatementValidator.Check(With("authority", JsonNode.Parse("""{"mbox":"mailto:lrs@example.gov.cn"}""")));
    }

    [Fact]
    public void a_sub_statement_has_no_id_of_its_own_and_holds_no_other_sub_statement()
    {
        var inner = """{"actor":{"mbox":"mailto:a@example.gov.cn"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},"object":{"id":"https://example.gov.cn/s/1"}}""";
        var ok = JsonNode.Parse(inner)!.AsObject();
        ok["objectType"] = "SubStatement";
        var statement = With("object", ok);
        statement.Remove("context");
        Assert.Null(StatementValidator.Check(statement).ActivityId);

        var withId = ok.DeepClone().AsObject();
        withId["id"] = Guid.NewGuid().ToString("D");
        var refused = With("object", withId);
        refused.Remove("context");
        Assert.Equal("statement.object.id", Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(refused)).Path);

        var nested = ok.DeepClone().AsObject();
        nested["object"] = ok.DeepClone();
        var twice = With("object", nested);
        twice.Remove("context");
        Assert.Equal("statement.object.object.objectType", Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(twice)).Path);
    }

    [Fact]
    public void voiding_takes_a_statement_ref_and_names_what_it_voids()
    {
        var target = Guid.NewGuid();
        var voiding = With("verb", JsonNode.Parse($$"""{"id":"{{StatementValidator.VoidedVerb}}"}"""));
        voiding["object"] = JsonNode.Parse($$"""{"objectType":"StatementRef","id":"{{target}}"}""");
        voiding.Remove("context");
        Assert.Equal(target, StatementValidator.Check(voiding).VoidsId);

        var notARef = With("verb", JsonNode.Parse($$"""{"id":"{{StatementValidator.VoidedVerb}}"}"""));
        Assert.Equal("statement.object", Assert.Throws<InvalidStatementException>(() => StatementValidator.Check(notARef)).Path);
    }
}
