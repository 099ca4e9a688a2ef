using System.Diagnostics.Metrics;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Telemetry;

namespace Stratum.Core.Tests.Telemetry;

public sealed class UnloadableGaugeTests
{
    [Fact]
    public void Counts_by_tenant_and_reason_and_a_pair_that_is_gone_reads_zero()
    {
        using var meter = new Meter("Test.Unloadable." + Guid.NewGuid().ToString("N"));
        var gauge = new UnloadableGauge(meter);
        var observed = new List<(long Value, string Tenant, string Reason)>();
        using var listener = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter == meter) { l.EnableMeasurementEvents(i); } } };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
            observed.Add((v, (string)tags.ToArray().Single(t => t.Key == "tenant").Value!, (string)tags.ToArray().Single(t => t.Key == "reason").Value!)));
        listener.Start();
        var stream = new StreamId(TenantId.Parse("acme"), Identifier.Parse("contacts"));

        gauge.Update(
        [
            LandingSurvey.UnsupportedFile(stream, "acme/canonical/contacts/a.xlsx"),
            LandingSurvey.UnsupportedFile(stream, "acme/canonical/contacts/b.xlsx"),
            new UnloadableObject("Bad Tenant!/", true, UnloadableReason.InvalidTenantName, "Bad Tenant!", "not a tenant folder"),
        ]);
        listener.RecordObservableInstruments();
        Assert.Equal([(1L, "Bad Tenant!", "invalid_tenant_name"), (2L, "acme", "unsupported_extension")], observed.OrderBy(o => o.Tenant, StringComparer.Ordinal));

        observed.Clear();
        gauge.Update([new UnloadableObject("stray.txt", false, UnloadableReason.OutsideTenantFolder, "", "a file directly under the landing root")]);
        listener.RecordObservableInstruments();
        Assert.Equal([(1L, "", "outside_tenant_folder"), (0L, "Bad Tenant!", "invalid_tenant_name"), (0L, "acme", "unsupported_extension")],
            observed.OrderBy(o => o.Tenant, StringComparer.Ordinal));
    }
}
