using Stratum.ClickHouse.Warehouse;
using Stratum.Names;
using Stratum.Sql;

namespace Stratum.ClickHouse.Tests.Warehouse;

public sealed class StagingSweepTests
{
    [Fact]
    public void Staging_names_stay_valid_identifiers_and_are_recognised()
    {
        var id = Guid.Parse("0123456789abcdef0123456789abcdef");
        Assert.Equal("time_entries_stg_0123456789abcdef0123456789abcdef", StagingTables.NewName(Identifier.Parse("time_entries"), id).Value);
        var longName = StagingTables.NewName(Identifier.Parse(new string('t', 63)), id);
        Assert.Equal(Identifier.MaxLength, longName.Value.Length);
        Assert.True(StagingTables.IsStaging(longName.Value));
        Assert.False(StagingTables.IsStaging("time_entries"));
        Assert.False(StagingTables.IsStaging("notes_stg_abc"));
        Assert.False(StagingTables.IsStaging("x_stg_0123456789abcdef0123456789abcdef_copy"));
    }

    [SkippableFact]
    public async Task The_sweep_drops_old_staging_tables_and_nothing_else()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var s = new Scenario(w.TimestampResolution);
        await w.EnsureTableAsync(s.Contract, default);
        var target = w.Qualified(s.Contract.Table);
        var orphan = StagingTables.NewName(s.Contract.Table, Guid.NewGuid()); // as a crashed load leaves it
        await db.Client.ExecuteAsync($"CREATE TABLE {w.Qualified(orphan)} AS {target}", default);
        await db.Client.ExecuteAsync($"CREATE TABLE {w.Qualified(Identifier.Parse("notes_stg_keep"))} (x UInt8) ENGINE = Memory", default);

        Assert.Empty(await w.SweepStagingAsync(TimeSpan.FromHours(1), default)); // too young: maybe a load in progress
        Assert.Equal([orphan.Value], await w.SweepStagingAsync(TimeSpan.Zero, default));

        var left = (await db.Client.QueryTsvAsync($"SELECT name FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(db.Name)} ORDER BY name", null, default))
            .Rows.Select(r => r[0]).ToList();
        Assert.Equal(["all_types", "notes_stg_keep", "stratum_contracts"], left); // the contract stored as the table was created stays
    }

    [SkippableFact]
    public async Task Ensure_table_sweeps_orphans_past_the_configured_age()
    {
        await TestServer.RequireAsync();
        var name = TestServer.NewDatabaseName();
        await using var db = await TestServer.CreateDatabaseAsync(TestServer.Options(name) with { StagingMaxAge = TimeSpan.Zero });
        var w = db.Warehouse;
        var s = new Scenario(w.TimestampResolution);
        await w.EnsureTableAsync(s.Contract, default);
        var orphan = StagingTables.NewName(s.Contract.Table, Guid.NewGuid());
        await db.Client.ExecuteAsync($"CREATE TABLE {w.Qualified(orphan)} AS {w.Qualified(s.Contract.Table)}", default);
        await w.EnsureTableAsync(s.Contract, default);
        Assert.Equal("0", await db.ScalarAsync($"SELECT count() FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(db.Name)} AND name = {ClickHouseSqlText.ClickHouseString(orphan.Value)}"));
    }
}
