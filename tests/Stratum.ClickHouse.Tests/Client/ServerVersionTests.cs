using Stratum.ClickHouse.Client;

namespace Stratum.ClickHouse.Tests.Client;

public sealed class ServerVersionTests
{
    [Theory]
    [InlineData("18.16.1", 18, 16, 1, false)]
    [InlineData("19.17.4.11", 19, 17, 4, false)]
    [InlineData("20.1.2.4", 20, 1, 2, true)]
    [InlineData("23.8.2.7", 23, 8, 2, true)]
    [InlineData("24.10.1.2812\n", 24, 10, 1, true)]
    public void Parses_and_knows_DateTime64(string text, int major, int minor, int patch, bool dateTime64)
    {
        var v = ServerVersion.Parse(text);
        Assert.Equal((major, minor, patch), (v.Major, v.Minor, v.Patch));
        Assert.Equal(dateTime64, v.SupportsDateTime64);
        Assert.Equal(text.Trim(), v.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("banana")]
    [InlineData("18")]
    public void Refuses_what_is_not_a_version(string text) => Assert.Throws<FormatException>(() => ServerVersion.Parse(text));
}
