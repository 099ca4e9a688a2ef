using System.Text;
using Stratum.Aws.Objects;
using Stratum.Names;
using Stratum.Objects;

namespace Stratum.Aws.Tests.Objects;

/// <summary>The landing survey over S3 (s3rver), several tenants under a root prefix. Needs s3rver and fails without it.</summary>
public sealed class S3LandingSurveyTests
{
    private static async Task<S3ObjectStore> StoreAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("STRATUM_TEST_S3");
        Assert.False(string.IsNullOrEmpty(endpoint), "s3rver is needed (STRATUM_TEST_S3 unset). Start it with: eval \"$(bash scripts/services/aws.sh start)\"");
        var store = new S3ObjectStore(new S3ObjectStoreOptions
        {
            Bucket = AwsTestServers.UniqueName("survey"),
            Prefix = "landing/",
            Connection = AwsTestServers.Connection(new Uri(endpoint)),
        });
        await store.EnsureBucketAsync(default);
        return store;
    }

    private static readonly HashSet<Identifier> Contracts = [Identifier.Parse("contacts"), Identifier.Parse("tickets")];

    [Fact]
    public async Task Every_tenant_s_unloadable_objects_are_named_and_files_inside_table_folders_are_never_listed()
    {
        await using var store = await StoreAsync();
        var keys = new List<string> { "stray.txt", "Bad Tenant!/canonical/contacts/x.csv", "initech/raw/a.json", "acme/canonical/contacts.csv" };
        for (var t = 0; t < 12; t++)
        {
            keys.Add($"tenant{t:D2}/canonical/contacts/2025/06/a.csv");
            keys.Add($"tenant{t:D2}/canonical/tickets/a.parquet");
        }
        keys.Add("tenant03/canonical/unknown_table/x.csv");
        keys.Add("tenant07/canonical/Tickets/x.csv");
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (k, ct) => await store.PutAsync(k, new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), ct));

        var auto = await new LandingSurveyor(store).SurveyAsync(null, Contracts, "auto", default);
        Assert.Equal(13, auto.Tenants.Count); // acme (a canonical/ folder with a file beside it) and tenant00..11
        Assert.Equal(
        [
            ("Bad Tenant!/", UnloadableReason.InvalidTenantName),
            ("acme/canonical/contacts.csv", UnloadableReason.OutsideTableFolder),
            ("initech/", UnloadableReason.NoCanonicalFolder),
            ("stray.txt", UnloadableReason.OutsideTenantFolder),
            ("tenant03/canonical/unknown_table/", UnloadableReason.NoContract),
            ("tenant07/canonical/Tickets/", UnloadableReason.InvalidTableName),
        ], auto.Unloadable.Select(u => (u.Key, u.Reason)));

        var registry = await new LandingSurveyor(store).SurveyAsync(new HashSet<TenantId> { TenantId.Parse("tenant03") }, Contracts, "list:tenant03", default);
        Assert.Equal(["tenant03"], registry.Tenants.Select(t => t.Value));
        Assert.Equal(13, registry.Unloadable.Count(u => u.Reason == UnloadableReason.TenantNotEnabled)); // acme, initech and the 11 other tenants
        Assert.Contains(registry.Unloadable, u => u.Key == "tenant03/canonical/unknown_table/" && u.Reason == UnloadableReason.NoContract);
    }
}
