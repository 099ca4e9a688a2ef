using Stratum.State;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Sql;
using Stratum.Sqlite;

namespace Stratum.Cli.Tests;

/// <summary><c>stratum verify</c> on DuckDB: a version removed behind Stratum's back is found, named, repaired.</summary>
public sealed class VerifyTests
{
    [Fact]
    public async Task Verify_finds_versions_deleted_behind_stratums_back_and_repair_restores_the_table()
    {
        await using var w = new EmbeddedWorld();
        foreach (var f in w.Generate(records: 40, syncs: 4))
        {
            await w.LandAsync(f);
        }
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        var table = await w.TableAsync();
        var intact = EmbeddedWorld.Canonical(table);

        // Clean first: several files, SCD2 history, a re-delivered and a late file.
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "verify", "--table", "time_entries");
        Assert.True(exit == 0, $"an intact table verifies; got {exit}\n{stdout}\n{stderr}");
        Assert.Contains("every version is in the table", stdout, StringComparison.Ordinal);
        Assert.Contains("files re-read", stderr, StringComparison.Ordinal);

        // The latest version of a key with history (its predecessor stays closed), and a key's only version.
        var later = table.GroupBy(r => r.Key).First(g => g.Count() >= 2).Single(r => r.IsCurrent);
        var only = table.GroupBy(r => r.Key).First(g => g.Count() == 1).Single();
        Assert.Equal(2, await DeleteRowsAsync(w, [later, only]));

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "verify", "--table", "time_entries", "--json");
        Assert.True(exit == 1, $"missing versions make verify exit 1; got {exit}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(stdout).RootElement.GetProperty("results")[0].GetProperty("report");
        var missing = report.GetProperty("missing").EnumerateArray()
            .Select(m => (File: m.GetProperty("file").GetString()!, Key: m.GetProperty("key").GetString()!, Kind: m.GetProperty("kind").GetString()!)).ToList();
        foreach (var gone in new[] { later, only })
        {
            Assert.Contains((gone.SourceFile, gone.Key.ToString(), "version"), missing);
        }
        Assert.All(missing, m => Assert.True(m.Key == later.Key.ToString() || m.Key == only.Key.ToString(), $"only the damaged keys are reported: {m}"));
        var files = report.GetProperty("files_with_losses").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains(later.SourceFile, files);
        Assert.Contains(only.SourceFile, files);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "verify", "--table", "time_entries", "--repair");
        Assert.True(exit == 0, $"verify --repair restores and verifies; got {exit}\n{stdout}\n{stderr}");
        Assert.Contains("repaired", stdout, StringComparison.Ordinal);
        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "verify", "--table", "time_entries");
        Assert.True(exit == 0, $"a second verify passes; got {exit}\n{stdout}\n{stderr}");
        Assert.Equal(intact, EmbeddedWorld.Canonical(await w.TableAsync()));
    }

    private const string Items = """
        table: items
        scd_type: 2
        key: [id]
        event_time: updated_at
        tombstone: deleted
        columns:
          id: string
          name: string?
          updated_at: timestamp
          deleted: bool?
        """;

    /// <summary>SCD2 with deletes, late files, a repeated version, a delete of an unknown key, a key back after its delete.</summary>
    private static readonly (string Name, string Lines)[] ItemFiles =
    [
        ("2025-06-01.ndjson", """
            {"id":"a","deleted":false,"name":"a1","updated_at":"2025-06-01T10:00:00Z"}
            {"id":"b","deleted":false,"name":"b1","updated_at":"2025-06-01T10:00:00Z"}
            {"id":"d","deleted":false,"name":"d1","updated_at":"2025-06-01T10:00:00Z"}
            """),
        ("2025-06-02.ndjson", """
            {"id":"a","deleted":false,"name":"a2","updated_at":"2025-06-02T10:00:00Z"}
            {"id":"b","name":null,"deleted":true,"updated_at":"2025-06-02T10:00:00Z"}
            """),
        ("2025-06-03.ndjson", """
            {"id":"b","deleted":false,"name":"b3","updated_at":"2025-06-03T10:00:00Z"}
            {"id":"c","name":null,"deleted":true,"updated_at":"2025-06-03T10:00:00Z"}
            {"id":"a","deleted":false,"name":"a2","updated_at":"2025-06-04T10:00:00Z"}
            """),
        ("2025-06-09-late.ndjson", """
            {"id":"a","deleted":false,"name":"a15","updated_at":"2025-06-01T15:00:00Z"}
            {"id":"d","deleted":false,"name":"d0","updated_at":"2025-05-30T10:00:00Z"}
            """),
    ];

    [Fact]
    public async Task Verify_of_an_intact_SCD2_table_with_deletes_and_late_files_reports_nothing_and_a_removed_version_is_repaired()
    {
        using var dir = new TempDir();
        var contract = ContractLoader.Parse(Items, "items.yaml");
        var stream = new StreamId(TenantId.Parse("acme"), contract.Table);
        var objects = new LocalFolderObjectStore(Path.Combine(dir.Path, "landing"));
        foreach (var (name, lines) in ItemFiles)
        {
            await objects.PutAsync(stream.Prefix + name, new MemoryStream(Encoding.UTF8.GetBytes(lines + "\n")), default);
        }
        await using var state = new SqliteStateStore(Path.Combine(dir.Path, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        await using var warehouse = new DuckDbWarehouse(Path.Combine(dir.Path, "warehouse.duckdb"));
        var options = new LoaderOptions { Owner = "test" };
        var run = await new StreamLoader(objects, state, warehouse, FileReaders.All, options, TimeProvider.System).LoadAsync(stream, contract, default);
        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        var quarantined = (await state.GetLedgerAsync(stream, default)).Values.Where(e => e.Status == Stratum.State.FileStatus.Quarantined).Select(e => e.Reason).ToList();
        Assert.Empty(quarantined);
        var table = await warehouse.ReadAllAsync(contract, stream.Tenant, default);
        var intact = EmbeddedWorld.Canonical(table);
        Assert.Contains(table, r => r.Hidden.Length > 0); // the repeated a2 is remembered

        var verifier = new StreamVerifier(objects, state, warehouse, FileReaders.All, options, TimeProvider.System);
        var report = await verifier.VerifyAsync(stream, contract, null, default);
        Assert.True(report.Clean, string.Join("\n", report.Missing));
        Assert.Empty(report.Unconfirmed);
        Assert.Equal(ItemFiles.Length, report.FilesChecked);
        Assert.Equal(10, report.RowsRead);
        var recent = await verifier.VerifyAsync(stream, contract, DateTimeOffset.UtcNow.AddMinutes(-5), default);
        Assert.True(recent.Clean);
        Assert.Equal(ItemFiles.Length, recent.FilesChecked);

        // Remove a2 (its predecessor a15 stays closed at a2's start; a2's repeat lives in its hidden events).
        var a2 = table.Single(r => r.Key.ToString() == "a" && (string?)r.Values[1] == "a2");
        Assert.Equal(1, await warehouse.WithConnectionAsync(c => DeleteAsync(c, contract, stream.Tenant, a2), default));
        report = await verifier.VerifyAsync(stream, contract, null, default);
        Assert.False(report.Clean);
        Assert.Contains(report.Missing, m => m.File == a2.SourceFile && m.Key == "a" && m.Time.UtcDateTime == a2.EffectiveDate && m.Kind == MissingVersion.Kinds.Version);
        Assert.All(report.Missing, m => Assert.Equal("a", m.Key));

        var repaired = await verifier.RepairAsync(stream, contract, null, default);
        Assert.NotNull(repaired);
        Assert.True(repaired.After.Clean, string.Join("\n", repaired.After.Missing));
        Assert.True(repaired.FilesPublished >= 1);
        Assert.Equal(intact, EmbeddedWorld.Canonical(await warehouse.ReadAllAsync(contract, stream.Tenant, default)));
        Assert.True((await verifier.VerifyAsync(stream, contract, null, default)).Clean);
    }

    [Fact]
    public async Task Verify_help_teaches_what_it_checks_with_examples_and_exit_codes()
    {
        var (exit, stdout, _) = await StratumProcess.RunAsync(Path.GetTempPath(), "verify", "--help");
        Assert.Equal(0, exit);
        foreach (var s in new[] { "committed", "--repair", "--since", "Examples:", "Exit 0", "lease" })
        {
            Assert.Contains(s, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verify_since_takes_a_time_or_a_duration()
    {
        var now = new DateTimeOffset(2025, 6, 21, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddDays(-1), Commands.VerifyCommand.ParseSince("1d", now));
        Assert.Equal(new DateTimeOffset(2025, 6, 20, 10, 0, 0, TimeSpan.Zero), Commands.VerifyCommand.ParseSince("2025-06-20T10:00:00Z", now));
        Assert.Null(Commands.VerifyCommand.ParseSince(null, now));
    }

    private static async Task<int> DeleteRowsAsync(EmbeddedWorld w, IEnumerable<VersionRow> rows)
    {
        await using var warehouse = new DuckDbWarehouse(w.WarehousePath);
        var n = 0;
        foreach (var r in rows)
        {
            n += await warehouse.WithConnectionAsync(c => DeleteAsync(c, w.Contract, w.Stream.Tenant, r), default);
        }
        return n;
    }

    /// <summary>A plain SQL DELETE of one version, as someone with write access to the warehouse might run.</summary>
    private static async Task<int> DeleteAsync(DuckDBConnection c, TableContract contract, TenantId tenant, VersionRow row)
    {
        await using var cmd = c.CreateCommand();
        var key = contract.Columns[contract.KeyOrdinals.Single()].Name;
        cmd.CommandText = $"DELETE FROM {SqlText.Quote(contract.Table)} WHERE {SqlText.Quote(contract.ScdColumns.TenantId)} = $tenant AND {SqlText.Quote(key)} = $key AND {SqlText.Quote(contract.ScdColumns.EffectiveDate)} = $eff";
        cmd.Parameters.Add(new DuckDBParameter("tenant", tenant.Value));
        cmd.Parameters.Add(new DuckDBParameter("key", row.Key.Values[0]));
        cmd.Parameters.Add(new DuckDBParameter("eff", row.EffectiveDate));
        return await cmd.ExecuteNonQueryAsync();
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("stratum-verify-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
