using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

/// <summary>Bad input gets a clear error with a stable code, and leaves no trace.</summary>
public abstract class BadInputTests(ServerFixture fixture)
{
    private GraphQLClient Client => fixture.Server.Client;
    private Scenario Scenario => new(Client);

    private const string Register = "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message field } } }";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task an_empty_display_name_is_refused_and_nobody_is_registered(string? name)
    {
        var department = await Scenario.CreateDepartmentAsync();
        var id = Scenario.NewId("learner");

        var response = await Client.PostAsync(Register, new { input = new { id, displayName = name ?? "", departmentId = department } });

        response.AssertError("BAD_USER_INPUT");
        await AssertLearnerDoesNotExist(id);
    }

    [Fact]
    public async Task a_ten_thousand_character_name_is_refused_and_nobody_is_registered()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var id = Scenario.NewId("learner");

        var response = await Client.PostAsync(Register, new { input = new { id, displayName = new string('名', 10_000), departmentId = department } });

        // A refusal the caller can fix arrives as a userError with the field at fault, not as a top-level error.
        response.AssertUserError("BAD_USER_INPUT");
        Assert.Equal("input.displayName", response.FirstUserError!.FieldPath());
        await AssertLearnerDoesNotExist(id);
    }

    [Fact]
    public async Task registering_into_an_unknown_department_is_refused()
    {
        var id = Scenario.NewId("learner");

        var response = await Client.PostAsync(Register, new { input = new { id, displayName = "李华", departmentId = "no-such-department" } });

        response.AssertError("NOT_FOUND");
        await AssertLearnerDoesNotExist(id);
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("中文编号")]
    public async Task an_id_that_is_not_a_slug_is_refused(string id)
    {
        var department = await Scenario.CreateDepartmentAsync();
        var response = await Client.PostAsync(Register, new { input = new { id, displayName = "李华", departmentId = department } });
        response.AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task registering_the_same_learner_twice_is_a_conflict_and_keeps_the_first()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var id = await Scenario.RegisterLearnerAsync(department, displayName: "第一次");

        var response = await Client.PostAsync(Register, new { input = new { id, displayName = "第二次", departmentId = department } });

        response.AssertError("CONFLICT");
        Assert.Equal("第一次", (await Scenario.LearnerAsync(id))["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task completing_an_unknown_challenge_is_not_found_and_awards_nothing()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());

        var response = await CompleteChallenge("no-such-challenge", learner);

        response.AssertError("NOT_FOUND");
        Assert.Equal(0, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task completing_a_closed_challenge_is_refused_and_awards_nothing()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());
        var closed = await Scenario.CreateChallengeAsync(points: 40,
            opensAt: DateTimeOffset.UtcNow.AddDays(-10), closesAt: DateTimeOffset.UtcNow.AddDays(-1));
        var future = await Scenario.CreateChallengeAsync(points: 40, opensAt: DateTimeOffset.UtcNow.AddDays(1));

        (await CompleteChallenge(closed, learner)).AssertError("CHALLENGE_NOT_OPEN");
        (await CompleteChallenge(future, learner)).AssertError("CHALLENGE_NOT_OPEN");

        var snapshot = await Scenario.LearnerAsync(learner);
        Assert.Equal(0, snapshot["xp"]!.GetValue<int>());
        Assert.Empty(snapshot["challengesCompleted"]!.AsArray());
    }

    [Theory]
    [InlineData(-1, null, "INDIVIDUAL")]
    [InlineData(10_001, null, "INDIVIDUAL")]
    [InlineData(10, 0, "INDIVIDUAL")]
    [InlineData(10, null, "RACE")]
    public async Task a_challenge_with_bad_points_or_winners_is_refused_and_not_created(int points, int? firstN, string kind)
    {
        var id = Scenario.NewId("challenge");
        var response = await Client.PostAsync("mutation($input: CreateChallengeInput!) { createChallenge(input: $input) { challenge { id } userErrors { code message field } } }", new
        {
            input = new { id, points, firstN, kind, titles = new { zhCN = "挑战", en = "Challenge" } },
        });

        response.AssertError("BAD_USER_INPUT");
        var lookup = await Client.QueryAsync("query($id: ID!) { challenge(id: $id) { id } }", new { id });
        Assert.Null(lookup["challenge"]);
    }

    [Fact]
    public async Task a_challenge_that_closes_before_it_opens_is_refused()
    {
        var response = await Client.PostAsync("mutation($input: CreateChallengeInput!) { createChallenge(input: $input) { challenge { id } userErrors { code message field } } }", new
        {
            input = new
            {
                id = Scenario.NewId("challenge"), points = 5, titles = new { zhCN = "挑战", en = "Challenge" },
                opensAt = DateTimeOffset.UtcNow.AddDays(2), closesAt = DateTimeOffset.UtcNow.AddDays(1),
            },
        });
        response.AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task statements_with_impossible_values_are_refused_and_award_nothing()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());
        const string mutation = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }";
        object Statement(object? result = null, DateTimeOffset? timestamp = null, string key = "k", string objectId = "lesson") => new
        {
            input = new { learnerId = learner, idempotencyKey = key, verb = "PASSED", @object = new { id = objectId, kind = "QUIZ" }, result, timestamp },
        };

        (await Client.PostAsync(mutation, Statement(result: new { score = 150 }))).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(mutation, Statement(result: new { durationSeconds = -5 }))).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(mutation, Statement(timestamp: DateTimeOffset.UtcNow.AddDays(1)))).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(mutation, Statement(key: new string('k', 500)))).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(mutation, Statement(key: ""))).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(mutation, Statement(objectId: ""))).AssertError("BAD_USER_INPUT");

        var unknownVerb = await Client.PostAsync(mutation, new
        {
            input = new { learnerId = learner, idempotencyKey = "v", verb = "HACKED", @object = new { id = "x", kind = "QUIZ" } },
        });
        Assert.Equal(400, unknownVerb.Status);
        Assert.NotNull(unknownVerb.RefusalCode);

        Assert.Equal(0, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
        Assert.Empty(await Scenario.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task activity_for_an_unknown_learner_is_not_found()
    {
        var response = await Scenario.RecordActivityAsync("nobody-here", "k1");
        response.AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task negative_or_oversized_team_sizes_are_refused()
    {
        var response = await Client.PostAsync("mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { id = Scenario.NewId("team"), names = new { zhCN = "攻坚小组", en = "Task force" }, maxMembers = -3 } });
        response.AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task ids_that_differ_only_by_leading_zeros_are_different_learners()
    {
        var department = await Scenario.CreateDepartmentAsync();
        // All digits, so the id also reads as a hexadecimal number.
        var seven = "7" + Random.Shared.Next(100_000, 999_999);
        await Scenario.RegisterLearnerAsync(department, seven, displayName: "七号");

        var lookalike = await Client.QueryAsync("query($id: ID!) { learner(id: $id) { id } }", new { id = "00" + seven });
        Assert.Null(lookalike["learner"]);
        await Scenario.RegisterLearnerAsync(department, "00" + seven, displayName: "零零七号");

        Assert.Equal("七号", (await Scenario.LearnerAsync(seven))["displayName"]!.GetValue<string>());
        Assert.Equal("零零七号", (await Scenario.LearnerAsync("00" + seven))["displayName"]!.GetValue<string>());
        var totals = await Client.QueryAsync("query($id: ID!) { department(id: $id) { memberCount } }", new { id = department });
        Assert.Equal(2, totals["department"]!["memberCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task text_with_a_lone_surrogate_is_refused_and_nothing_is_written()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var id = Scenario.NewId("learner");
        // A lone surrogate has no UTF-8 form. In JSON variables the request is unreadable (400); inside a GraphQL
        // string literal the parser accepts the escape, so the server's own validation must refuse it.
        var inVariables = "{\"query\": \"" + Register.Replace("\"", "\\\"") + "\", \"variables\": {\"input\": {\"id\": \"" + id
                          + "\", \"displayName\": \"王\\uD800明\", \"departmentId\": \"" + department + "\"}}}";
        var inLiteral = "{\"query\": \"mutation { registerLearner(input: {id: \\\"" + id + "\\\", displayName: \\\"王\\\\uD800明\\\", departmentId: \\\""
                        + department + "\\\"}) { learner { id } userErrors { code message field } } }\"}";
        (await Client.PostRawAsync(inVariables)).AssertError("BAD_REQUEST");
        (await Client.PostRawAsync(inLiteral)).AssertError("BAD_USER_INPUT");
        await AssertLearnerDoesNotExist(id);

        var learner = await Scenario.RegisterLearnerAsync(department);
        foreach (var surrogate in new[] { "\\\\uD800", "\\\\uDC00" })
        {
            var record = "{\"query\": \"mutation { recordActivity(input: {learnerId: \\\"" + learner + "\\\", idempotencyKey: \\\"k" + surrogate
                         + "\\\", verb: COMPLETED, object: {id: \\\"lesson-1\\\", kind: LESSON}}) { activityRecorded { xpAwarded } userErrors { code message field } } }\"}";
            (await Client.PostRawAsync(record)).AssertError("BAD_USER_INPUT");
        }
        Assert.Empty(await Scenario.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task an_explicit_null_visibility_means_a_pseudonym_not_the_real_name()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var id = Scenario.NewId("learner");

        var registered = await Client.QueryAsync("mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { visibility } userErrors { code message field } } }",
            new { input = new { id, displayName = "赵敏", departmentId = department, visibility = (string?)null } });

        Assert.Equal("PSEUDONYM", registered["registerLearner"]!["learner"]!["visibility"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code message field } } }", "names")]
    [InlineData("mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }", "names")]
    [InlineData("mutation($input: CreateChallengeInput!) { createChallenge(input: $input) { challenge { id } userErrors { code message field } } }", "titles")]
    public async Task ten_thousand_character_names_are_refused_everywhere(string mutation, string namesField)
    {
        var input = new Dictionary<string, object?>
        {
            ["id"] = Scenario.NewId("x"),
            [namesField] = new { zhCN = new string('长', 10_000), en = "Long" },
        };
        if (mutation.Contains("createChallenge")) input["points"] = 10;
        (await Client.PostAsync(mutation, new { input })).AssertError("BAD_USER_INPUT");
    }

    private Task<GraphQLResponse> CompleteChallenge(string challengeId, string learnerId) =>
        Client.PostAsync("mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points } userErrors { code message field } } }",
            new { input = new { challengeId, learnerId } });

    private async Task AssertLearnerDoesNotExist(string id)
    {
        var lookup = await Client.QueryAsync("query($id: ID!) { learner(id: $id) { id } }", new { id });
        Assert.Null(lookup["learner"]);
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class BadInputTestsOnSqlite(SqliteServerFixture fixture) : BadInputTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class BadInputTestsOnPostgres(PostgresServerFixture fixture) : BadInputTests(fixture);
