using Stratum.ClickHouse.Warehouse;
using Stratum.Testing;

namespace Stratum.ClickHouse.Tests.Warehouse;

public sealed class TableLayoutTests
{
    [Fact]
    public void Create_table_has_nullable_types_tenant_partition_and_key_order()
    {
        var sql = new TableLayout(TestContracts.AllTypes(), dateTime64: false).CreateTableSql("\"db\".\"all_types\"");
        Assert.Contains("\"tenant_id\" String,", sql, StringComparison.Ordinal);
        Assert.Contains("\"name\" Nullable(String),", sql, StringComparison.Ordinal);
        Assert.Contains("\"amount\" Nullable(Decimal(18, 4)),", sql, StringComparison.Ordinal);
        Assert.Contains("\"updated_at\" DateTime('UTC'),", sql, StringComparison.Ordinal);
        Assert.Contains("\"expiration_date\" Nullable(DateTime('UTC')),", sql, StringComparison.Ordinal);
        Assert.Contains("\"stratum_source_file\" String,", sql, StringComparison.Ordinal);
        Assert.Contains("\"stratum_hidden\" String", sql, StringComparison.Ordinal);
        Assert.EndsWith("ENGINE = MergeTree PARTITION BY \"tenant_id\" ORDER BY (\"tenant_id\", \"id\", \"effective_date\")", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Sub_second_timestamps_use_DateTime64_where_the_server_has_it()
    {
        var sql = new TableLayout(TestContracts.AllTypes(), dateTime64: true).CreateTableSql("t");
        Assert.Contains("\"effective_date\" DateTime64(6, 'UTC'),", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DateTime('UTC')", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_of_awkward_types_travel_as_text_and_are_cast_back()
    {
        var d = new WireType(WireKind.Decimal, false, 18, 4).KeyTransport;
        Assert.Equal("String", d.ExternalType);
        Assert.Equal("CAST(\"amount\" AS Decimal(18, 4))", d.Restore("\"amount\""));
        Assert.Equal("String", new WireType(WireKind.DateTime64, false).KeyTransport.ExternalType);
        Assert.Equal("DateTime", new WireType(WireKind.DateTime, false).KeyTransport.ExternalType);
        Assert.Equal("UInt8", new WireType(WireKind.Bool, false).KeyTransport.ExternalType);
        Assert.Equal("x", new WireType(WireKind.Int64, false).KeyTransport.Restore("x"));
    }
}
