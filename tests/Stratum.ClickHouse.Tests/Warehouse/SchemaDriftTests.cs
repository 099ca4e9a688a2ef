using Stratum.ClickHouse.Warehouse;
using Stratum.Testing;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Tests.Warehouse;

public sealed class SchemaDriftTests
{
    [Theory]
    [InlineData("Nullable(DateTime('UTC'))", "Nullable(DateTime)")]
    [InlineData("DateTime('Europe/Berlin')", "DateTime")]
    [InlineData("DateTime64(6, 'UTC')", "DateTime64(6)")]
    [InlineData("Bool", "UInt8")]
    [InlineData("Nullable(Decimal(18, 4))", "Nullable(Decimal(18,4))")]
    public void Types_compare_by_what_they_store(string type, string normal) => Assert.Equal(normal, SchemaDiff.NormalizeType(type));

    [Fact]
    public void Every_difference_is_listed()
    {
        var layout = new TableLayout(TestContracts.AllTypes(), dateTime64: false);
        var columns = layout.Columns.Where(c => c.Name.Value != "qty").Select(c => (c.Name.Value, c.Type.TypeName)).ToList();
        columns[columns.FindIndex(c => c.Value == "name")] = ("name", "String");
        columns.Add(("created_date", "Date"));
        var shape = new TableShape("Log", "toYYYYMM(updated_at)", "tenant_id, id", columns);
        var diff = SchemaDiff.Compare(layout, shape);
        Assert.Equal(
        [
            "column 'name' is String; the contract wants Nullable(String)",
            "column 'qty' is missing (the contract wants Nullable(Int64))",
            "column 'created_date' (Date) is not in the contract",
            "engine is Log; Stratum needs a MergeTree table",
            "partition key is 'toYYYYMM(updated_at)'; Stratum needs PARTITION BY tenant_id to publish a tenant atomically",
            "sorting key is 'tenant_id, id'; the contract wants ORDER BY (tenant_id, id, effective_date)",
        ], diff);
    }

    [SkippableFact]
    public async Task A_hand_made_table_that_differs_is_reported_with_every_difference()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var contract = TestContracts.AllTypes();
        var layout = w.Layout(contract);
        var ddl = layout.CreateTableSql(w.Qualified(contract.Table))
            .Replace("\"qty\" Nullable(Int64)", "\"qty\" Nullable(Int32)", StringComparison.Ordinal)
            .Replace("\"code\" String,", "\"code\" String, \"created_date\" Date,", StringComparison.Ordinal)
            .Replace("PARTITION BY \"tenant_id\"", "PARTITION BY toYYYYMM(\"effective_date\")", StringComparison.Ordinal);
        await db.Client.ExecuteAsync(ddl, default);

        var e = await Assert.ThrowsAsync<SchemaDriftException>(() => w.EnsureTableAsync(contract, default));
        Assert.False(e.IsTransient);
        Assert.Equal(3, e.Differences.Count);
        Assert.Contains("column 'qty' is Nullable(Int32); the contract wants Nullable(Int64)", e.Differences);
        Assert.Contains("column 'created_date' (Date) is not in the contract", e.Differences);
        Assert.Contains(e.Differences, d => d.StartsWith("partition key is 'toYYYYMM(effective_date)'", StringComparison.Ordinal));
        Assert.Contains($"{db.Name}.all_types", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_matching_table_has_no_differences_and_a_missing_one_says_so()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var contract = TestContracts.AllTypes();
        Assert.Equal([$"table {db.Name}.all_types does not exist"], await w.DiffAsync(contract, default));
        await w.EnsureTableAsync(contract, default);
        Assert.Empty(await w.DiffAsync(contract, default));
        var shape = await w.DescribeTableAsync(contract.Table, default);
        Assert.NotNull(shape);
        Assert.Equal("MergeTree", shape.Engine);
        Assert.Equal("tenant_id", shape.PartitionKey);
    }
}
