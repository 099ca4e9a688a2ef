using Stratum.Monitoring;
using Stratum.Names;
using Stratum.Objects;

namespace Stratum.Core.Tests.Objects;

/// <summary>The pure classification of what landed: every object the loader will never read is named with its reason.</summary>
public sealed class LandingSurveyTests
{
    private static readonly HashSet<Identifier> Contracts = [Identifier.Parse("contacts"), Identifier.Parse("tickets")];

    private static LandingListing.Folder Tenant(string name, params (string Name, bool IsFolder)[] canonical)
        => new(name, [.. canonical.Select(c => new FolderEntry(c.Name, c.IsFolder))]);

    [Fact]
    public void Everything_outside_a_tenant_canonical_table_with_a_contract_is_named_with_its_reason()
    {
        var listing = new LandingListing(["stray.csv"],
        [
            new LandingListing.Folder("Bad Tenant!", null),
            Tenant("acme", ("contacts", true), ("stray.csv", false), ("unknown_table", true), ("Tickets", true)),
            Tenant("initech"), // a valid name, nothing under canonical/
        ]);

        var result = LandingSurvey.Classify(listing, enabled: null, Contracts, "auto");

        Assert.Equal([TenantId.Parse("acme")], result.Tenants);
        Assert.Equal(
        [
            ("Bad Tenant!/", UnloadableReason.InvalidTenantName, "Bad Tenant!"),
            ("acme/canonical/Tickets/", UnloadableReason.InvalidTableName, "acme"),
            ("acme/canonical/stray.csv", UnloadableReason.OutsideTableFolder, "acme"),
            ("acme/canonical/unknown_table/", UnloadableReason.NoContract, "acme"),
            ("initech/", UnloadableReason.NoCanonicalFolder, "initech"),
            ("stray.csv", UnloadableReason.OutsideTenantFolder, ""),
        ], result.Unloadable.Select(u => (u.Key, u.Reason, u.Tenant)));
        var bad = result.Unloadable[0];
        Assert.True(bad.IsFolder);
        Assert.Equal("invalid_tenant_name", bad.ReasonCode);
        Assert.Contains("' ' at position 4", bad.Detail, StringComparison.Ordinal);
        Assert.Contains("no contract for table 'unknown_table' (contracts: contacts, tickets)", result.Unloadable[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_registry_a_valid_folder_it_does_not_enable_is_named_and_its_tenants_are_the_registry_s()
    {
        var listing = new LandingListing([], [new LandingListing.Folder("globex", null), Tenant("acme", ("contacts", true))]);
        var enabled = new HashSet<TenantId> { TenantId.Parse("acme"), TenantId.Parse("nofiles") };

        var result = LandingSurvey.Classify(listing, enabled, Contracts, "list:acme,nofiles");

        Assert.Equal([TenantId.Parse("acme"), TenantId.Parse("nofiles")], result.Tenants);
        var u = Assert.Single(result.Unloadable);
        Assert.Equal(("globex/", UnloadableReason.TenantNotEnabled), (u.Key, u.Reason));
        Assert.Contains("list:acme,nofiles", u.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_landing_root_has_nothing_unloadable()
    {
        var listing = new LandingListing([], [Tenant("acme", ("contacts", true), ("tickets", true)), Tenant("globex", ("tickets", true))]);
        var result = LandingSurvey.Classify(listing, null, Contracts, "auto");
        Assert.Empty(result.Unloadable);
        Assert.Equal(["acme", "globex"], result.Tenants.Select(t => t.Value));
    }

    [Fact]
    public void An_unreadable_file_in_a_stream_names_its_extension_and_the_stream()
    {
        var stream = new StreamId(TenantId.Parse("acme"), Identifier.Parse("contacts"));
        var u = LandingSurvey.UnsupportedFile(stream, "acme/canonical/contacts/2025/x.xlsx");
        Assert.Equal(UnloadableReason.UnsupportedExtension, u.Reason);
        Assert.Equal("acme", u.Tenant);
        Assert.Contains("extension '.xlsx'", u.Detail, StringComparison.Ordinal);
        Assert.Contains("acme/contacts", u.Detail, StringComparison.Ordinal);
        Assert.Contains("no extension", LandingSurvey.UnsupportedFile(stream, "acme/canonical/contacts/_SUCCESS").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unloadable_verdict_fails_above_its_threshold_and_names_the_objects()
    {
        var stream = new StreamId(TenantId.Parse("acme"), Identifier.Parse("contacts"));
        var many = Enumerable.Range(0, 25).Select(i => LandingSurvey.UnsupportedFile(stream, $"acme/canonical/contacts/f{i:D2}.xlsx")).ToList();

        var none = HealthChecks.EvaluateUnloadable([], CheckThresholds.Default);
        Assert.True(none.Passed);
        Assert.Equal("nothing unloadable", none.Measured);

        var failed = HealthChecks.EvaluateUnloadable(many, CheckThresholds.Default);
        Assert.False(failed.Passed);
        Assert.Equal(25, failed.Value);
        Assert.Equal("<= 0", failed.Threshold);
        Assert.StartsWith("25 never loaded: acme/canonical/contacts/f00.xlsx: no reader", failed.Measured, StringComparison.Ordinal);
        Assert.EndsWith("; and 5 more", failed.Measured, StringComparison.Ordinal);

        Assert.True(HealthChecks.EvaluateUnloadable(many, CheckThresholds.Default with { MaxUnloadable = 25 }).Passed);
    }
}
