using Stratum.Loading;

namespace Stratum.Core.Tests.Loading;

public class FileTimesTests
{
    [Theory]
    [InlineData("acme/canonical/t/2025-06-21T10-00-00Z.parquet", "2025-06-21T10:00:00")]
    [InlineData("acme/canonical/t/20250621T100000.csv", "2025-06-21T10:00:00")]
    [InlineData("acme/canonical/t/sync_2025-06-21 10:00:00.123.ndjson", "2025-06-21T10:00:00.123")]
    [InlineData("acme/canonical/t/2024-01-01T00-00-00Z/2025-06-21T10-00-00Z.csv", "2025-06-21T10:00:00")]
    public void Reads_the_timestamp_in_the_file_name(string key, string expected)
        => Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), FileTimes.FromKey(key));

    [Theory]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00+02:00.csv", "2025-06-21T08:00:00")]
    [InlineData("acme/canonical/t/2025-06-21T10-00-00+0200.csv", "2025-06-21T08:00:00")]
    [InlineData("acme/canonical/t/2025-06-21T10-00-00+02.csv", "2025-06-21T08:00:00")]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00-05:30.ndjson", "2025-06-21T15:30:00")]
    [InlineData("acme/canonical/t/20250621T100000-0500.parquet", "2025-06-21T15:00:00")]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00.250+01:00.csv", "2025-06-21T09:00:00.25")]
    [InlineData("acme/canonical/t/2025-06-21T00:30:00+01:00.csv", "2025-06-20T23:30:00")]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00Z.csv", "2025-06-21T10:00:00")]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00+00:00.csv", "2025-06-21T10:00:00")]
    public void Reads_the_offset_after_the_time(string key, string expectedUtc)
    {
        var t = FileTimes.FromKey(key);

        Assert.Equal(DateTime.SpecifyKind(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), t);
        Assert.Equal(DateTimeKind.Utc, t!.Value.Kind);
    }

    [Fact]
    public void The_same_instant_written_in_different_zones_is_one_time()
        => Assert.Equal(
            FileTimes.FromKey("t/2025-06-21T10:00:00+02:00.csv"),
            FileTimes.FromKey("t/2025-06-21T08-00-00Z.csv"));

    [Theory]
    [InlineData("acme/canonical/t/latest.parquet")]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00+15:00.csv")]
    [InlineData("acme/canonical/t/2025-06-21T10:00:00+02:75.csv")]
    [InlineData("acme/canonical/t/2025-13-40T99-00-00Z.parquet")]
    public void No_timestamp_is_null(string key) => Assert.Null(FileTimes.FromKey(key));

    [Fact]
    public void Transient_faults_are_told_apart_from_permanent_ones()
    {
        Assert.True(Transient.Is(new IOException("disk")));
        Assert.True(Transient.Is(new StratumException("busy", isTransient: true)));
        Assert.False(Transient.Is(new StratumException("bad", isTransient: false)));
        Assert.False(Transient.Is(new Stratum.Reading.FileRejectedException("f", 1, "c", "bad")));
        Assert.False(Transient.Is(new FileNotFoundException()));
        Assert.False(Transient.Is(new OperationCanceledException()));
    }
}
