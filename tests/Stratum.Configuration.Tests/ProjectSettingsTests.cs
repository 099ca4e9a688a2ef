using Stratum.Adapters;
using Stratum.Configuration;

namespace Stratum.Configuration.Tests;

public class ProjectSettingsTests
{
    [Fact]
    public void Environment_overrides_the_project_file_and_paths_resolve_against_it()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-settings-").FullName;
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), "objects: file://./in\nstate: sqlite://./s.db\nload:\n  parallel: 3\n  lease_ttl: 90s\n");
        var env = new Dictionary<string, string> { ["STRATUM_STATE"] = "sqlite:///var/lib/x.db", ["STRATUM_BATCH_BYTES"] = "1MB" };
        var s = ProjectSettings.Load(dir, k => env.GetValueOrDefault(k));
        Assert.Equal("file://./in", s.Objects);
        Assert.Equal("sqlite:///var/lib/x.db", s.State);
        Assert.Equal(3, s.Parallel);
        Assert.Equal(TimeSpan.FromSeconds(90), s.LeaseTtl);
        Assert.Equal(1L << 20, s.BatchBytes);
        Assert.Equal(Path.Combine(dir, "in"), AdapterUrl.Parse(s.Objects, "objects").LocalPath(s.BaseDirectory));
        Assert.Equal("/var/lib/x.db", AdapterUrl.Parse(s.State, "state").LocalPath(s.BaseDirectory));
    }

    [Fact]
    public void Unknown_settings_and_bad_values_name_the_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-settings-").FullName;
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), "objects: file://./in\nwarehose: duckdb://./w\n");
        var e = Assert.Throws<ConfigException>(() => ProjectSettings.Load(dir, _ => null));
        Assert.Contains("stratum.yaml:2: unknown setting 'warehose'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => ProjectSettings.Load(dir, k => k == "STRATUM_LEASE_TTL" ? "soon" : null));
    }

    [Fact]
    public void Adapter_urls_parse_query_parameters()
    {
        var u = AdapterUrl.Parse("s3://bucket/prefix?endpoint=http://127.0.0.1:4568&region=us-east-1", "objects");
        Assert.Equal("s3", u.Scheme);
        Assert.Equal("bucket/prefix", u.Rest);
        Assert.Equal("http://127.0.0.1:4568", u.Query["endpoint"]);
        Assert.Throws<ConfigException>(() => AdapterUrl.Parse("/just/a/path", "objects"));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("00:00:30", 30)]
    public void Durations(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Configuration.Durations.Parse(text, "x"));
}
