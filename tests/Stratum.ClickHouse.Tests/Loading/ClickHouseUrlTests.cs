using Stratum.ClickHouse.Warehouse;
using Stratum.Adapters;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>A ClickHouse warehouse URL as a project file or option gives it, through the adapter factory.</summary>
public sealed class ClickHouseUrlTests
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
}
