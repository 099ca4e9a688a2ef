using System.Text;
using Stratum.ClickHouse.Tsv;

namespace Stratum.ClickHouse.Tests.Tsv;

public sealed class TsvParserTests
{
    private static string? U(string escaped) => TsvParser.Unescape(Encoding.UTF8.GetBytes(escaped));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(@"a\tb\nc\\d", "a\tb\nc\\d")]
    [InlineData(@"O\'Brien", "O'Brien")]
    [InlineData(@"\b\f\r\0\a\v\e", "\b\f\r\0\a\v\u001b")]
    [InlineData(@"\x41\x7f", "A\u007f")]
    [InlineData(@"\xC3\xA9", "é")] // bytes, then UTF-8
    [InlineData(@"\q", "q")]
    [InlineData(@"\N\N", "NN")] // only a whole-field \N is NULL
    [InlineData(@"\xZZ", "xZZ")]
    [InlineData("ünïcødé 🚀", "ünïcødé 🚀")]
    [InlineData(@"trailing\", @"trailing\")]
    public void Unescapes_every_sequence(string escaped, string expected) => Assert.Equal(expected, U(escaped));

    [Fact]
    public void A_whole_field_backslash_N_is_null() => Assert.Null(U(@"\N"));

    [Fact]
    public void Names_types_and_rows()
    {
        var body = "name\ttype\nString\tDateTime(\\'UTC\\')\nx\t\\N\n\\ty\t2025-01-01 00:00:00\n";
        var r = TsvParser.ParseWithNamesAndTypes(Encoding.UTF8.GetBytes(body));
        Assert.Equal(["name", "type"], r.Names);
        Assert.Equal(["String", "DateTime('UTC')"], r.Types);
        Assert.Equal(2, r.Rows.Count);
        Assert.Null(r.Rows[0][1]);
        Assert.Equal("\ty", r.Rows[1][0]);
        Assert.Equal(1, r.Ordinal("type"));
    }

    [Fact]
    public void A_row_with_the_wrong_field_count_is_an_error()
        => Assert.Throws<FormatException>(() => TsvParser.ParseWithNamesAndTypes(Encoding.UTF8.GetBytes("a\tb\nString\tString\nonly-one\n")));

    [Fact]
    public void Empty_strings_are_empty_not_null()
    {
        var r = TsvParser.ParseWithNamesAndTypes(Encoding.UTF8.GetBytes("s\nString\n\n"));
        Assert.Equal("", Assert.Single(r.Rows)[0]);
    }
}
