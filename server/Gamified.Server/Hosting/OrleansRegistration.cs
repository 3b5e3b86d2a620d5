using Gamified.Common;
using System.Net;
using Gamified.Storage;
using Gamified.Storage.Database;
using Gamified.Storage.Orleans;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace Gamified.Server.Hosting;

internal static class OrleansRegistration
{
    /// <summary>
    /// Co-hosts the silo. SQLite: one node with localhost clustering, reminders in the SQLite file (<c>SqliteReminderTable</c>). PostgreSQL:
    /// clustering, reminders and grain state all in the database, so several nodes form one cluster. Either way the
    /// silo opens one port, the silo-to-silo one, on the cluster address only, and no client gateway: the web server
    /// talks to the silo in-process. <c>Orleans:Tls</c> puts TLS on that port; without it, it is plain TCP and
    /// belongs on a private network (docs/SECURITY.md).
    /// </summary>
    public static GamifiedOrleansOptions AddGamifiedOrleans(this WebApplicationBuilder builder, GamifiedDatabase database, bool tracing)
    {
        var options = builder.Services.AddValidatedOptions<GamifiedOrleansOptions>(builder.Configuration, GamifiedOrleansOptions.Section,
            o => o.Problem());

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });

            silo.AddAdoNetGrainStorage(StorageNames.AdoNet, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = database.OrleansInvariant;
                o.ConnectionString = database.ConnectionString;
                // Orleans's own version-tolerant binary format ([GenerateSerializer]/[Id]) rather than JSON with .NET
                // type names, which cannot name every type (e.g. the lists collection expressions create).
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));

            if (database.Provider == StorageProvider.Sqlite)
            {
                silo.UseLocalhostClustering(options.SiloPort, NoGateway, null, options.ServiceId, options.ClusterId);
                // Reminders in the same SQLite file (a plan's deadline reminders must outlive a restart), off the scheduler.
                silo.AddReminders();
                silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
                // SQLite's provider blocks its caller; run it off the scheduler (see OffloadedGrainStorage).
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Main,
                    (sp, _) => OutageAware(sp, new OffloadedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet))));
            }
            else
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = database.OrleansInvariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = database.OrleansInvariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, NoGateway,
                    listenOnAnyHostAddress: false);
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Main,
                    (sp, _) => OutageAware(sp, sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet)));
                // After our endpoints: it advertises the pod IP (POD_IP), the same address Orleans:AdvertisedAddress names there.
                if (options.Kubernetes)
                    silo.UseKubernetesHosting();
            }

            // Last word on the endpoints, whatever else configured them (Orleans also reads Orleans:Endpoints): no
            // gateway, and the silo port on the advertised address only.
            silo.Services.PostConfigure<EndpointOptions>(endpoints =>
            {
                endpoints.GatewayPort = NoGateway;
                endpoints.GatewayListeningEndpoint = null;
                endpoints.SiloListeningEndpoint = null;
            });

            silo.AddIncomingGrainCallFilter<StoreOutageFilter>();

            if (options.Tls.Enabled)
                silo.UseGamifiedSiloTls(options.Tls);

            if (options.LongTurnWarning is { } longTurn)
                silo.Configure<SchedulingOptions>(o => o.TurnWarningLengthThreshold = longTurn);

            // The current span travels with each grain call (and the call gets a span of its own), so a trace goes on from
            // the GraphQL operation into the grains; only when spans are exported, since it costs a little per call.
            if (tracing) silo.AddActivityPropagation();

            if (options.Dashboard.Enabled) silo.AddDashboard();
        });
        return options;
    }

    private static OutageAwareGrainStorage OutageAware(IServiceProvider services, IGrainStorage inner) =>
        new(inner, services.GetRequiredService<IStoreFailures>(), services.GetRequiredService<ILogger<OutageAwareGrainStorage>>());

    /// <summary>
    /// The Orleans Dashboard's pages and API at <c>/dashboard</c>, when enabled, behind the same bearer authentication as
    /// /graphql and for admins only (a person's admin role, not a service account's token); a browser gets there through
    /// <see cref="DashboardAccess"/>.
    /// </summary>
    public static void MapGamifiedOrleansDashboard(this WebApplication app, GamifiedOrleansOptions options)
    {
        if (!options.Dashboard.Enabled) return;
        app.MapOrleansDashboard(DashboardAccess.DashboardPath).RequireAuthorization(policy =>
            policy.RequireAssertion(context => new Gamified.Api.Security.Caller(context.User).IsAdmin));
        app.MapDashboardSession();
    }

    /// <summary>Orleans's "no gateway": no client listener, and none advertised in the membership table.</summary>
    private const int NoGateway = 0;
}
