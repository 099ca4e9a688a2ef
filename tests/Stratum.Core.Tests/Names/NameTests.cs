using Stratum.Names;

namespace Stratum.Core.Tests.Names;

public class NameTests
{
    [Theory]
    [InlineData("time_entries")]
    [InlineData("a")]
    [InlineData("t2")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc")] // 63
    public void Valid_identifiers(string name) => Assert.Equal(name, Identifier.Parse(name).Value);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Time", "lower-case")]
    [InlineData("1abc", "lower-case")]
    [InlineData("_x", "lower-case")]
    [InlineData("a-b", "'-' at position 2")]
    [InlineData("a b", "' ' at position 2")]
    [InlineData("x\"; DROP TABLE t; --", "'\"' at position 2")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd", "64 characters")]
    public void Invalid_identifiers_say_why(string name, string reason)
    {
        var e = Assert.Throws<InvalidNameException>(() => Identifier.Parse(name));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sitetechnology")]
    [InlineData("Acme-Corp.EU_1")]
    [InlineData("9lives")]
    public void Valid_tenants(string id) => Assert.Equal(id, TenantId.Parse(id).Value);

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("tab\there")]
    [InlineData("x'--")]
    public void Invalid_tenants(string id) => Assert.Throws<InvalidNameException>(() => TenantId.Parse(id));

    [Fact]
    public void Tenant_of_129_characters_is_refused()
        => Assert.Throws<InvalidNameException>(() => TenantId.Parse(new string('a', 129)));

    [Fact]
    public void Stream_prefix_is_the_pipeline_layout()
        => Assert.Equal("acme/canonical/tickets/", new StreamId(TenantId.Parse("acme"), Identifier.Parse("tickets")).Prefix);
}
