using System.Globalization;
using System.Text.Json;
using Stratum.Testing;

namespace Stratum.Cli.Tests;

/// <summary>The tool against the real ClickHouse server, as a user runs it: worker processes loading one stream, and the incident built with its legacy partition key, cleaned and restored.</summary>
public class CliClickHouseTests
{
    private static string? Server => Environment.GetEnvironmentVariable("STRATUM_TEST_CLICKHOUSE") is { Length: > 0 } u ? u : null;

    [SkippableFact]
    public async Task The_incident_on_clickhouse_cleans_to_one_row_per_key_and_restores()
    {
        ServerRequirement.Require(Server is not null && await PingAsync(), $"ClickHouse (STRATUM_TEST_CLICKHOUSE={Server ?? "unset"})", "eval \"$(bash scripts/services/clickhouse.sh start)\"");
        var database = "stratum_cli_" + Guid.NewGuid().ToString("N")[..12];
        var uri = new Uri(Server!);
        var warehouse = $"clickhouse://{uri.Host}:{uri.Port}/{database}";
        var dir = Directory.CreateTempSubdirectory("stratum-audit-ch-").FullName;
        try
        {
            var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "simulate", "--legacy-incident", "--dir", dir, "--warehouse", warehouse, "--json");
            Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
            var table = new[] { "--project", dir, "--table", "time_entries", "--key", "id", "--version", "last_updated" };
            (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["clean", "duplicates", .. table, "--execute", "--yes", "--json"]);
            Assert.Equal(0, exit);
            var dups = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(2_000, dups.GetProperty("after").GetProperty("total_rows").GetInt64());
            Assert.Equal(6, dups.GetProperty("applied").GetProperty("partitions").GetArrayLength()); // (tenant, month) partitions of the legacy key
            (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["clean", "scd", .. table, "--execute", "--yes", "--json"]);
            Assert.Equal(0, exit);
            var scd = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(1_000, scd.GetProperty("after").GetProperty("current_rows").GetInt64());
            foreach (var id in new[] { scd, dups }.Select(r => r.GetProperty("cleanup_id").GetString()!))
            {
                (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "restore", id, "--project", dir, "--json");
                Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
            }
            (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["audit", .. table, "--json"]);
            Assert.Equal(1, exit);
            Assert.Equal(45_000, JsonDocument.Parse(stdout).RootElement.GetProperty("total_rows").GetInt64());
        }
        finally
        {
            using var http = new HttpClient();
            using var drop = new StringContent($"DROP DATABASE IF EXISTS {database}");
            await http.PostAsync(new Uri(uri, "/"), drop);
        }
    }

    [SkippableFact]
    public async Task Simulate_with_worker_processes_against_ClickHouse_passes_and_the_table_is_clean()
    {
        ServerRequirement.Require(Server is not null && await PingAsync(), $"ClickHouse (STRATUM_TEST_CLICKHOUSE={Server ?? "unset"})", "eval \"$(bash scripts/services/clickhouse.sh start)\"");
        var database = "stratum_cli_" + Guid.NewGuid().ToString("N")[..12];
        var uri = new Uri(Server!);
        var dir = Directory.CreateTempSubdirectory("stratum-sim-ch-").FullName;
        try
        {
            var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "simulate", "--workers", "6", "--processes", "--records", "300", "--syncs", "6",
                "--dir", Path.Combine(dir, "sim"), "--warehouse", $"clickhouse://{uri.Host}:{uri.Port}/{database}", "--json");
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            var r = (await QueryAsync(uri, $"SELECT count(), uniqExact(tuple(*)), countIf(is_current = 1), uniqExact(tenant_id, id) FROM {database}.time_entries"))
                .Split('\t').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(r[0] > 300);
            Assert.Equal(r[0], r[1]); // no exact duplicates over all columns
            Assert.Equal(r[3], r[2]); // one current row per key
        }
        finally
        {
            await QueryAsync(uri, $"DROP DATABASE IF EXISTS {database}");
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> QueryAsync(Uri server, string sql)
    {
        using var http = new HttpClient();
        using var body = new StringContent(sql);
        using var response = await http.PostAsync(new Uri(server, "/"), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text.Trim();
    }

    private static async Task<bool> PingAsync()
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            return (await http.GetStringAsync(new Uri(new Uri(Server!), "/ping"))).StartsWith("Ok", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
