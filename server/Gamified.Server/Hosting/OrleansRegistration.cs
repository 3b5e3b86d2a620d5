using Gamified.Common;
using System.Net;
using Gamified.Storage;
using Gamified.Storage.Database;
using Gamified.Storage.Orleans;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Gamified.Server.Hosting;

internal static class OrleansRegistration
{
    /// <summary>
    /// Co-hosts the silo. SQLite: one node with localhost clustering and in-memory reminders. PostgreSQL:
    /// clustering, reminders and grain state all in the database, so several nodes form one cluster.
    /// </summary>
    public static void AddGamifiedOrleans(this WebApplicationBuilder builder, GamifiedDatabase database)
    {
        var options = builder.Services.AddValidatedOptions<GamifiedOrleansOptions>(builder.Configuration, GamifiedOrleansOptions.Section);

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
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
                silo.UseInMemoryReminderService();
                // SQLite's provider blocks its caller; run it off the scheduler (see OffloadedGrainStorage).
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Main,
                    (sp, _) => new OffloadedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet)));
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
                silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort,
                    listenOnAnyHostAddress: false);
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Main,
                    (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet));
            }
        });
    }
}
