using System.Diagnostics;
using System.Globalization;
using Stratum.ClickHouse.Warehouse;
using Stratum.Cli.Adapters;
using Stratum.Cli.Config;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>The `stratum` tool with a ClickHouse warehouse URL, as a user runs it.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task The_factory_makes_a_ClickHouse_warehouse_without_touching_the_network()
    {
        await using var w = AdapterFactory.Warehouse("clickhouses://loader@ch.example.com:8443/analytics?timeout=30", "/tmp", TimeProvider.System);
        var ch = Assert.IsType<ClickHouseWarehouse>(w);
        Assert.Equal("analytics", ch.Database.Value);
        Assert.Equal("clickhouse https://ch.example.com:8443/analytics (user loader)", ch.Describe);
    }

    [Fact]
    public void A_password_in_the_warehouse_url_is_a_configuration_error()
    {
        var e = Assert.Throws<ConfigException>(() => AdapterFactory.Warehouse("clickhouse://loader:pw-in-url@h:8123/db", "/tmp", TimeProvider.System));
        Assert.DoesNotContain("pw-in-url", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Simulate_with_worker_processes_against_ClickHouse_passes_and_the_table_is_clean()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        var url = $"clickhouse://{TestServer.Url!.Authority}/{db.Name}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder.Path };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "stratum.dll"), "simulate", "--workers", "6", "--processes", "--records", "300", "--syncs", "6",
                     "--dir", Path.Combine(folder.Path, "sim"), "--warehouse", url, "--json" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{await stdout}\n{await stderr}");

        var t = db.Warehouse.Qualified(Stratum.Names.Identifier.Parse("time_entries"));
        var r = (await db.Client.QueryTsvAsync(
            $"SELECT count(), uniqExact(tuple(*)), countIf(is_current = 1), uniqExact(tenant_id, id) FROM {t}", null, default)).Rows.Single()
            .Select(v => long.Parse(v!, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(r[0] > 300);
        Assert.Equal(r[0], r[1]); // no exact duplicates over all columns
        Assert.Equal(r[3], r[2]); // one current row per key
    }
}
