using Gamified.Api.Security;
using Gamified.Notifications;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Plans;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Notifications;

/// <summary>A plan's deadline reminder scheduled before a restart fires after it: Orleans reminders in the database, on both storages.</summary>
public sealed class ReminderRestartTests
{
    // A stage missed while the server was down fires within the reminder's one-minute period: room for a slow restart.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public Task the_seven_day_reminder_fires_after_a_restart_on_sqlite() => FiresAfterRestart(ServerStorage.NewSqlite());

    [Fact]
    public async Task the_seven_day_reminder_fires_after_a_restart_on_postgres() => await FiresAfterRestart(await ServerStorage.NewPostgresAsync());

    private static async Task FiresAfterRestart(ServerStorage storage)
    {
        var content = $"--Content:Directory={ContentScenario.NewContentDirectory(("sample", null))}";
        var (department, learner, planId) = (Scenario.NewId("dept"), Scenario.NewId("learner"), Scenario.NewId("plan"));
        DateTimeOffset deadline;

        await using (var server = await GamifiedServer.StartAsync(storage, content))
        {
            var admin = new Scenario(server.Client);
            await admin.CreateDepartmentAsync(department);
            await admin.RegisterLearnerAsync(department, learner);
            // The seven-day stage falls due a few seconds after the restart (or, if the restart is slower, at the reminder's next tick).
            deadline = DateTimeOffset.UtcNow.AddDays(7).AddSeconds(12);
            (await PlanScenario.CreatePlanAsync(server.ClientAs("manager-reminders", [Roles.Manager], [department]), planId, [department],
                [PlanFixture.FirstPackage], deadline)).AssertNoErrors();
            await server.Services.GetRequiredService<IGrainFactory>().PlanReminders(planId).Schedule(deadline);
        }

        await using (var server = await GamifiedServer.StartAsync(storage, content))
        {
            var client = server.ClientAs(learner, [Roles.Learner], [department]);
            // The plan's creation told the learner already (PLAN_ASSIGNED); the reminder is the deadline notice.
            static IEnumerable<System.Text.Json.Nodes.JsonNode> Reminders(System.Text.Json.Nodes.JsonNode inbox) =>
                inbox["edges"]!.AsArray().Select(e => e!["node"]!).Where(n => n["kind"]!.GetValue<string>() == "PLAN_DEADLINE_SOON");
            await Poll.Until(async () => Reminders(await NotificationFixture.InboxAsync(client)).Any(),
                "the seven-day reminder arrives after the restart", Patience);
            var notice = Assert.Single(Reminders(await NotificationFixture.InboxAsync(client)));
            Assert.Contains("还有 7 天截止", notice["title"]!["zhCN"]!.GetValue<string>());
        }
    }
}
