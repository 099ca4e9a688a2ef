using Stratum.Configuration;
using Stratum.Monitoring;

namespace Stratum.Configuration.Tests;

public class CheckSettingsTests
{
    [Fact]
    public void Check_section_sets_thresholds_for_every_stream_and_per_table()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-check-settings-").FullName;
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), """
            check:
              max_lag: 2h
              min_success_rate: 99%
              max_latency: 10m
              tables:
                companies:
                  max_lag: 2d
                  max_quarantined: 3
            """);
        var s = ProjectSettings.Load(dir, _ => null);
        Assert.Equal(CheckThresholds.Default with { MaxLag = TimeSpan.FromHours(2), MinSuccessRate = 0.99, MaxLatency = TimeSpan.FromMinutes(10) }, s.Check);
        Assert.Equal(s.Check with { MaxLag = TimeSpan.FromDays(2), MaxQuarantined = 3 }, s.ThresholdsFor("companies"));
        Assert.Equal(s.Check, s.ThresholdsFor("time_entries"));

        var env = ProjectSettings.Load(dir, v => v == "STRATUM_CHECK_MAX_LAG" ? "30m" : null);
        Assert.Equal(TimeSpan.FromMinutes(30), env.Check.MaxLag);
        Assert.Equal(TimeSpan.FromDays(2), env.ThresholdsFor("companies").MaxLag);
    }

    [Theory]
    [InlineData("check:\n  max_lag: soon\n", "check.max_lag: 'soon' is not a duration")]
    [InlineData("check:\n  min_success_rate: 120%\n", "check.min_success_rate: '120%' is not a share")]
    [InlineData("check:\n  max_lagg: 1h\n", "unknown setting 'check.max_lagg'")]
    [InlineData("check:\n  tables:\n    t:\n      max_dupes: 1\n", "unknown setting 'check.tables.t.max_dupes'")]
    public void Bad_check_settings_are_reported_with_the_setting(string yaml, string message)
    {
        var dir = Directory.CreateTempSubdirectory("stratum-check-settings-").FullName;
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), yaml);
        Assert.Contains(message, Assert.Throws<ConfigException>(() => ProjectSettings.Load(dir, _ => null)).Message, StringComparison.Ordinal);
    }
}
