using System.Text.Json;
using DuckDB.NET.Data;
using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>`stratum migrate` and `stratum restore` as processes on DuckDB, around loads of a changed contract.</summary>
public class MigrateCliTests
{
    private const string C = """
        id,updated,status,priority,owner
        k1,2025-06-21T12:00:00Z,closed,p3,ann
        k2,2025-06-21T12:00:00Z,open,p3,bob
        """;

    [Fact]
    public async Task A_changed_contract_is_previewed_migrated_restored_and_then_loads_without_spurious_versions()
    {
        using var w = new ContractWorld();
        await w.LandFirstTwoAsync();
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        var v1 = ContractFingerprint.Of(w.Contract);
        Assert.Equal(v1, (await new DuckDbWarehouse(w.WarehousePath).ReadContractAsync(w.Contract.Table, default))!.Fingerprint);
        w.UseContract(ContractWorld.V2);
        await w.LandAsync("c.csv", C);
        Assert.Equal(LoadOutcome.Failed, (await w.LoadAsync()).Outcome);

        // The dry run: what changed, rows before → after, nothing written.
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets");
        Assert.True(exit == 1, $"{exit}\n{stdout}\n{stderr}");
        Assert.Contains("dry run", stdout, StringComparison.Ordinal);
        Assert.Contains("tracked: −priority", stdout, StringComparison.Ordinal);
        Assert.Contains("column owner: added (string?)", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets", "--json");
        Assert.Equal(1, exit);
        var preview = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("ready", preview.GetProperty("state").GetString());
        var acme = Assert.Single(preview.GetProperty("tenants").EnumerateArray());
        Assert.Equal(4, acme.GetProperty("rows_before").GetInt64());
        Assert.Equal(3, acme.GetProperty("rows_after").GetInt64()); // k2's two versions differed only in priority
        Assert.Equal(1, acme.GetProperty("versions_collapsed").GetInt64());
        Assert.Equal(4, (await w.RowsAsync()).Count);

        (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets", "--execute");
        Assert.Equal(2, exit); // no terminal, no --yes
        Assert.Contains("--yes", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets", "--execute", "--yes", "--json");
        Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        var id = result.GetProperty("cleanup_id").GetString()!;
        Assert.Equal(0, result.GetProperty("after").GetProperty("violations").GetInt64());
        Assert.Equal(ContractFingerprint.Of(w.Contract), (await new DuckDbWarehouse(w.WarehousePath).ReadContractAsync(w.Contract.Table, default))!.Fingerprint);
        Assert.Equal(3, (await w.RowsAsync()).Count);
        Assert.All(await w.RowsAsync(), r => Assert.Null(r.Values[w.Contract.Ordinal("owner")]));

        // Restore: rows, columns and the stored contract as before the migration.
        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "restore", id);
        Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
        Assert.Equal(v1, (await new DuckDbWarehouse(w.WarehousePath).ReadContractAsync(w.Contract.Table, default))!.Fingerprint);
        Assert.DoesNotContain("owner", await ColumnsAsync(w), StringComparer.Ordinal);
        Assert.Equal(LoadOutcome.Failed, (await w.LoadAsync()).Outcome); // refused again
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "restore", id);
        Assert.Equal(2, exit); // twice is refused

        // Migrate again and load: priority changes make no version, owner is stored.
        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets", "--execute", "--yes");
        Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
        Assert.Contains("cleanup id:", stdout, StringComparison.Ordinal);
        var run = await w.LoadAsync();
        Assert.True(run.Outcome == LoadOutcome.Loaded, run.Error);
        Assert.Equal(0, run.Counts.Inserted);
        var rows = await w.RowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["open", "closed"], rows.Where(r => r.Key.Text == "k1").Select(r => (string?)r.Values[w.Contract.Ordinal("status")]));
        Assert.Equal("open", Assert.Single(rows, r => r.Key.Text == "k2").Values[w.Contract.Ordinal("status")]);

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets");
        Assert.Equal(0, exit);
        Assert.Contains("up to date", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_stored_rows_cannot_tell_is_refused_with_what_to_do_instead()
    {
        using var w = new ContractWorld();
        await w.LandFirstTwoAsync();
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        w.UseContract(ContractWorld.V1.Replace("key: [id]", "scd_type: 1\nkey: [id]", StringComparison.Ordinal));
        // SCD2 → SCD1 is derivable: the latest event of each key.
        var (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets", "--json");
        Assert.Equal(1, exit);
        Assert.Equal("ready", JsonDocument.Parse(stdout).RootElement.GetProperty("state").GetString());

        w.UseContract(ContractWorld.V1.Replace("priority: string?", "priority: string?\n  seen_at: timestamp", StringComparison.Ordinal));
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets");
        Assert.Equal(1, exit);
        Assert.Contains("refused:", stdout, StringComparison.Ordinal);
        Assert.Contains("seen_at is not nullable and has no default", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets", "--execute", "--yes");
        Assert.Equal(1, exit);
        Assert.Equal(4, (await w.RowsAsync()).Count);
    }

    [Fact]
    public async Task A_table_created_before_fingerprints_stores_the_contract_of_its_first_load()
    {
        using var w = new ContractWorld();
        await w.LandFirstTwoAsync();
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        await using (var c = new DuckDBConnection($"Data Source={w.WarehousePath}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TABLE stratum_contracts";
            await cmd.ExecuteNonQueryAsync();
        }
        var (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "migrate", "--table", "tickets");
        Assert.Equal(0, exit);
        Assert.Contains("no contract is stored", stdout, StringComparison.Ordinal);
        await w.LandAsync("c.csv", "id,updated,status,priority\nk1,2025-06-21T12:00:00Z,closed,p3");
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        var stored = await new DuckDbWarehouse(w.WarehousePath).ReadContractAsync(w.Contract.Table, default);
        Assert.Equal(StoredContract.Origins.FirstLoad, stored!.Origin);
        Assert.Equal(ContractFingerprint.Of(w.Contract), stored.Fingerprint);
    }

    private static async Task<List<string>> ColumnsAsync(ContractWorld w)
    {
        await using var c = new DuckDBConnection($"Data Source={w.WarehousePath}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_name = 'tickets'";
        await using var r = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await r.ReadAsync())
        {
            names.Add(r.GetString(0));
        }
        return names;
    }
}
