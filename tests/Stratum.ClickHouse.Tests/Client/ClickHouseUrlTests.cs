using Stratum.ClickHouse.Client;

namespace Stratum.ClickHouse.Tests.Client;

public sealed class ClickHouseUrlTests
{
    private static ClickHouseOptions Parse(string url, params (string Name, string Value)[] env)
        => ClickHouseUrl.Parse(new Uri(url), name => env.FirstOrDefault(e => e.Name == name).Value);

    [Fact]
    public void Plain_url_is_http_with_default_user()
    {
        var o = Parse("clickhouse://127.0.0.1:8123/analytics");
        Assert.Equal(new Uri("http://127.0.0.1:8123/"), o.Endpoint);
        Assert.Equal("analytics", o.Database.Value);
        Assert.Equal("default", o.User);
        Assert.Null(o.Password);
        Assert.Null(o.CaFile);
    }

    [Theory]
    [InlineData("clickhouses://ch.example.com/db", "https://ch.example.com:8443/")]
    [InlineData("clickhouse://ch.example.com/db?secure=true", "https://ch.example.com:8443/")]
    [InlineData("clickhouse://ch.example.com:9440/db?secure=1", "https://ch.example.com:9440/")]
    [InlineData("https://abc.eu-west-1.aws.clickhouse.cloud:8443/db", "https://abc.eu-west-1.aws.clickhouse.cloud:8443/")]
    [InlineData("clickhouse://ch.example.com/db", "http://ch.example.com:8123/")]
    [InlineData("clickhouses://ch.example.com/db?secure=false", "http://ch.example.com:8123/")]
    public void Secure_forms_choose_https_and_its_port(string url, string endpoint)
        => Assert.Equal(new Uri(endpoint), Parse(url).Endpoint);

    [Fact]
    public void Empty_path_is_the_default_database() => Assert.Equal("default", Parse("clickhouse://h:8123").Database.Value);

    [Fact]
    public void User_from_url_wins_over_environment()
    {
        Assert.Equal("loader", Parse("clickhouse://loader@h/db", ("STRATUM_CLICKHOUSE_USER", "other")).User);
        Assert.Equal("other", Parse("clickhouse://h/db", ("STRATUM_CLICKHOUSE_USER", "other"), ("CLICKHOUSE_USER", "third")).User);
        Assert.Equal("third", Parse("clickhouse://h/db", ("CLICKHOUSE_USER", "third")).User);
    }

    [Fact]
    public void Password_comes_from_the_environment_only_and_is_never_shown()
    {
        var o = Parse("clickhouse://loader@h/db", ("CLICKHOUSE_PASSWORD", "s3cret!"));
        Assert.Equal("s3cret!", o.Password);
        Assert.Equal("first", Parse("clickhouse://h/db", ("STRATUM_CLICKHOUSE_PASSWORD", "first"), ("CLICKHOUSE_PASSWORD", "second")).Password);
        Assert.DoesNotContain("s3cret", o.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", o.Describe, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_in_the_url_is_refused_without_echoing_it()
    {
        var e = Assert.Throws<StratumException>(() => Parse("clickhouse://loader:hunter2@h/db"));
        Assert.Contains("STRATUM_CLICKHOUSE_PASSWORD", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Theory]
    [InlineData("postgres://h/db", "scheme")]
    [InlineData("clickhouse://h/Bad-Name", "database")]
    [InlineData("clickhouse://h/a/b", "path")]
    [InlineData("clickhouse://h/db?secure=maybe", "secure")]
    [InlineData("clickhouse://h/db?compress=1", "unknown option")]
    [InlineData("clickhouse://h/db?timeout=-3", "timeout")]
    [InlineData("clickhouse://h/db?ca_file=/etc/ca.pem", "not https")]
    public void Mistakes_are_explained(string url, string mention)
        => Assert.Contains(mention, Assert.Throws<StratumException>(() => Parse(url)).Message, StringComparison.Ordinal);

    [Fact]
    public void Ca_file_and_timeout_options()
    {
        var o = Parse("clickhouses://h/db?ca_file=%2Fetc%2Fssl%2Fmy-ca.pem&timeout=45");
        Assert.Equal("/etc/ssl/my-ca.pem", o.CaFile);
        Assert.Equal(TimeSpan.FromSeconds(45), o.QueryTimeout);
    }

    [Fact]
    public void Pooled_connections_idle_out_before_the_server_keep_alive()
        => Assert.True(Parse("clickhouse://h/db").PooledConnectionIdleTimeout < TimeSpan.FromSeconds(3));
}
