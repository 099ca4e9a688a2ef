using Stratum.ClickHouse.Audit;
using Stratum.Contracts;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Migration;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// The contract's fingerprint on ClickHouse (issue 11, item 9): stored when the load creates the table,
/// recorded on the first load of an older table, and a changed contract refused with what changed; the
/// migration's dry run reads through the same port. These need the server and fail without it.
/// </summary>
public sealed class ContractChangeTests
{
    private const string V1 = Stratum.Testing.TestContracts.TicketsV1;

    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("tickets"));

    private static async Task LandAsync(IObjectStore objects, string name, string csv)
        => await objects.PutAsync(Stream.Prefix + name, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ReplaceLineEndings("\n") + "\n")), default);

    private static async Task<RunRecord> LoadAsync(string folder, IObjectStore objects, Stratum.ClickHouse.Warehouse.ClickHouseWarehouse warehouse, TableContract contract)
    {
        await using var state = new SqliteStateStore(Path.Combine(folder, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        return await new StreamLoader(objects, state, warehouse, FileReaders.All, new LoaderOptions { Owner = "test" }, TimeProvider.System).LoadAsync(Stream, contract, default);
    }

    [Fact]
    public async Task The_fingerprint_is_stored_with_the_table_and_a_changed_contract_is_refused_then_previewed()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        var v1 = ContractLoader.Parse(V1, "tickets.yaml");
        await LandAsync(objects, "a.csv", "id,updated,status,priority\nk1,2025-06-21T10:00:00Z,open,p1\nk2,2025-06-21T10:00:00Z,open,p1");
        await LandAsync(objects, "b.csv", "id,updated,status,priority\nk1,2025-06-21T11:00:00Z,closed,p2\nk2,2025-06-21T11:00:00Z,open,p2");
        var first = await LoadAsync(folder.Path, objects, db.Warehouse, v1);
        Assert.True(first.Outcome == LoadOutcome.Loaded, first.Error);

        var stored = await db.Warehouse.ReadContractAsync(v1.Table, default);
        Assert.NotNull(stored);
        Assert.Equal(ContractFingerprint.Of(v1), stored.Fingerprint);
        Assert.Equal(StoredContract.Origins.Created, stored.Origin);
        Assert.Equal(ContractFingerprint.CanonicalText(v1), stored.CanonicalText); // multi-line text round-trips

        var v2 = ContractLoader.Parse(V1.Replace("key: [id]", "key: [id]\ntracked: [status]", StringComparison.Ordinal), "tickets.yaml");
        await LandAsync(objects, "c.csv", "id,updated,status,priority\nk1,2025-06-21T12:00:00Z,closed,p3\nk2,2025-06-21T12:00:00Z,open,p3");
        var refused = await LoadAsync(folder.Path, objects, db.Warehouse, v2);
        Assert.Equal(LoadOutcome.Failed, refused.Outcome);
        Assert.Contains("tracked: −priority", refused.Error, StringComparison.Ordinal);
        Assert.Contains("stratum migrate --table tickets", refused.Error, StringComparison.Ordinal);
        Assert.Equal("4", await db.ScalarAsync($"SELECT count() FROM {db.Warehouse.Qualified(v1.Table)}"));

        var migrator = new Migrator(db.Warehouse, new ClickHouseTableAuditor(db.Warehouse), TimeProvider.System);
        var preview = await migrator.PreviewAsync(v2, null, default);
        Assert.Equal(MigrationPreview.States.Ready, preview.State);
        var acme = Assert.Single(preview.Tenants);
        Assert.Equal((4L, 3L, 1L), (acme.RowsBefore, acme.RowsAfter, acme.VersionsCollapsed));
        Assert.Equal(ContractFingerprint.Of(v1), (await db.Warehouse.ReadContractAsync(v1.Table, default))!.Fingerprint); // a dry run writes nothing

        // Execute: a backup, the partitions swapped, the new contract stored; restore puts it all back.
        var result = await migrator.ExecuteAsync(v2, null, default);
        Assert.True(result.Executed);
        Assert.Equal(0, result.After!.Violations + result.After.ExactDuplicateRows);
        Assert.Equal("3", await db.ScalarAsync($"SELECT count() FROM {db.Warehouse.Qualified(v1.Table)}"));
        Assert.Equal(ContractFingerprint.Of(v2), (await db.Warehouse.ReadContractAsync(v1.Table, default))!.Fingerprint);
        var restored = await new Stratum.Cleanup.Cleaner(new ClickHouseTableAuditor(db.Warehouse), TimeProvider.System).RestoreAsync(result.CleanupId!, default);
        Assert.True(restored.IdenticalToBeforeCleanup);
        Assert.Equal(ContractFingerprint.Of(v1), (await db.Warehouse.ReadContractAsync(v1.Table, default))!.Fingerprint);
        Assert.Equal(LoadOutcome.Failed, (await LoadAsync(folder.Path, objects, db.Warehouse, v2)).Outcome);

        // Migrate again, then the pending file loads: its priority change is no new version.
        Assert.True((await migrator.ExecuteAsync(v2, null, default)).Executed);
        var run = await LoadAsync(folder.Path, objects, db.Warehouse, v2);
        Assert.True(run.Outcome == LoadOutcome.Loaded, run.Error);
        Assert.Equal(0, run.Counts.Inserted);
        Assert.Equal("3", await db.ScalarAsync($"SELECT count() FROM {db.Warehouse.Qualified(v1.Table)}"));
    }

    [Fact]
    public async Task A_column_added_is_null_in_the_stored_rows_and_restore_drops_it()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        var v1 = ContractLoader.Parse(V1, "tickets.yaml");
        await LandAsync(objects, "a.csv", "id,updated,status,priority\nk1,2025-06-21T10:00:00Z,open,p1\nk2,2025-06-21T10:00:00Z,open,p1");
        Assert.Equal(LoadOutcome.Loaded, (await LoadAsync(folder.Path, objects, db.Warehouse, v1)).Outcome);
        var v2 = ContractLoader.Parse(V1 + "\n  owner: string?", "tickets.yaml");
        var migrator = new Migrator(db.Warehouse, new ClickHouseTableAuditor(db.Warehouse), TimeProvider.System);
        var result = await migrator.ExecuteAsync(v2, null, default);
        Assert.True(result.Executed);
        Assert.Equal("2", await db.ScalarAsync($"SELECT count() FROM {db.Warehouse.Qualified(v1.Table)} WHERE owner IS NULL"));
        var rows = await db.Warehouse.ReadAllAsync(v2, Stream.Tenant, default);
        Assert.All(rows, r => Assert.Equal(new Stratum.Hashing.RowHasher(v2).Hash(r.Values), r.Hash));

        var restored = await new Stratum.Cleanup.Cleaner(new ClickHouseTableAuditor(db.Warehouse), TimeProvider.System).RestoreAsync(result.CleanupId!, default);
        Assert.True(restored.IdenticalToBeforeCleanup);
        Assert.DoesNotContain((await db.Warehouse.DescribeTableAsync(v1.Table, default))!.Columns, c => c.Name == "owner");
        Assert.Empty(await db.Warehouse.DiffAsync(v1, default));
    }

    [Fact]
    public async Task A_table_without_a_stored_contract_records_the_contract_of_its_next_load()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        var v1 = ContractLoader.Parse(V1, "tickets.yaml");
        await LandAsync(objects, "a.csv", "id,updated,status,priority\nk1,2025-06-21T10:00:00Z,open,p1");
        Assert.Equal(LoadOutcome.Loaded, (await LoadAsync(folder.Path, objects, db.Warehouse, v1)).Outcome);
        await db.Client.ExecuteAsync($"DROP TABLE {db.Warehouse.Qualified(Identifier.Parse("stratum_contracts"))}", default);
        Assert.Null(await db.Warehouse.ReadContractAsync(v1.Table, default));

        await LandAsync(objects, "b.csv", "id,updated,status,priority\nk1,2025-06-21T11:00:00Z,closed,p1");
        Assert.Equal(LoadOutcome.Loaded, (await LoadAsync(folder.Path, objects, db.Warehouse, v1)).Outcome);
        var stored = await db.Warehouse.ReadContractAsync(v1.Table, default);
        Assert.Equal(StoredContract.Origins.FirstLoad, stored!.Origin);
        Assert.Equal(ContractFingerprint.Of(v1), stored.Fingerprint);
    }
}
