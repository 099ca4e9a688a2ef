using Stratum.State;
using Stratum.Simulation;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Sql;
using Stratum.Sqlite;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary><c>stratum verify</c>'s core on ClickHouse: intact is clean; a version deleted with SQL is found, named and repaired.</summary>
public sealed class VerifyTests
{
    [SkippableFact]
    public async Task Verify_on_ClickHouse_is_clean_when_intact_finds_a_deleted_version_and_repairs_it()
    {
        await using var db = await TestServer.CreateDatabaseAsync(); // fails, not skips, when CI=true and the server is missing
        using var folder = new LoadSetup.TempFolder();
        var contract = LoadSetup.TimeEntries();
        var stream = LoadSetup.Stream(contract);
        var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        foreach (var f in new MspDataGenerator(contract, 11).Generate(30, 4))
        {
            using var buffer = new MemoryStream();
            await ParquetFileWriter.WriteAsync(buffer, contract, f.Rows, default);
            buffer.Position = 0;
            await objects.PutAsync(stream.Prefix + f.Name, buffer, default);
        }
        await using var state = new SqliteStateStore(Path.Combine(folder.Path, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var options = new LoaderOptions { Owner = "test" };
        Assert.Equal(LoadOutcome.Loaded, (await new StreamLoader(objects, state, db.Warehouse, FileReaders.All, options, TimeProvider.System).LoadAsync(stream, contract, default)).Outcome);
        var table = await db.Warehouse.ReadAllAsync(contract, stream.Tenant, default);
        static List<string> Canon(IEnumerable<Planning.VersionRow> rows) => [.. rows.Select(r => $"{r.Key}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.Hidden}").Order(StringComparer.Ordinal)];
        var intact = Canon(table);

        var verifier = new StreamVerifier(objects, state, db.Warehouse, FileReaders.All, options, TimeProvider.System);
        var clean = await verifier.VerifyAsync(stream, contract, null, default);
        Assert.True(clean.Clean, string.Join("\n", clean.Missing));
        Assert.True(clean.FilesChecked >= 4);

        var victim = table.GroupBy(r => r.Key).First(g => g.Count() >= 2).Single(r => r.IsCurrent);
        var t = db.Warehouse.Qualified(contract.Table);
        await db.Client.ExecuteAsync(
            $"ALTER TABLE {t} DELETE WHERE tenant_id = {ClickHouseSqlText.ClickHouseString(stream.Tenant.Value)} AND id = {ClickHouseSqlText.ClickHouseString((string)victim.Key.Values[0]!)} AND data_hash = {ClickHouseSqlText.ClickHouseString(victim.Hash)}", default);
        for (var i = 0; i < 100 && (await db.Warehouse.ReadAllAsync(contract, stream.Tenant, default)).Count != table.Count - 1; i++)
        {
            await Task.Delay(100); // the mutation runs in the background
        }
        Assert.Equal(table.Count - 1, (await db.Warehouse.ReadAllAsync(contract, stream.Tenant, default)).Count);

        var damaged = await verifier.VerifyAsync(stream, contract, null, default);
        Assert.False(damaged.Clean);
        Assert.Contains(damaged.Missing, m => m.File == victim.SourceFile && m.Key == victim.Key.ToString() && m.Kind == MissingVersion.Kinds.Version);

        var repaired = await verifier.RepairAsync(stream, contract, null, default);
        Assert.NotNull(repaired);
        Assert.True(repaired.After.Clean, string.Join("\n", repaired.After.Missing));
        Assert.Equal(intact, Canon(await db.Warehouse.ReadAllAsync(contract, stream.Tenant, default)));
    }
}
