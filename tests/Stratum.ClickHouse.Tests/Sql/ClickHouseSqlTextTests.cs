namespace Stratum.ClickHouse.Tests.Sql;

public class ClickHouseSqlTextTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("O'Brien", "'O\\'Brien'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("line\nbreak\ttab\r", "'line\\nbreak\\ttab\\r'")]
    [InlineData("nul\0", "'nul\\0'")]
    [InlineData("\u0001", "'\\x01'")]
    [InlineData("ünïcødé 🚀", "'ünïcødé 🚀'")]
    [InlineData("'); DROP TABLE t; --", "'\\'); DROP TABLE t; --'")]
    public void ClickHouse_string_literals(string value, string literal) => Assert.Equal(literal, ClickHouseSqlText.ClickHouseString(value));

    [Fact]
    public void Every_character_survives_the_clickhouse_escape_unambiguously()
    {
        // Decode the literal with ClickHouse's rules and compare: no input can end the literal early.
        for (var c = 0; c < 0x3000; c++)
        {
            var s = $"a{(char)c}b";
            if (char.IsSurrogate((char)c))
            {
                continue;
            }
            Assert.Equal(s, Decode(ClickHouseSqlText.ClickHouseString(s)));
        }
    }

    private static string Decode(string literal)
    {
        Assert.StartsWith("'", literal, StringComparison.Ordinal);
        Assert.EndsWith("'", literal, StringComparison.Ordinal);
        var body = literal[1..^1];
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var ch = body[i];
            Assert.NotEqual('\'', ch); // an unescaped quote would end the literal
            if (ch != '\\')
            {
                sb.Append(ch);
                continue;
            }
            var n = body[++i];
            sb.Append(n switch
            {
                'n' => "\n", 'r' => "\r", 't' => "\t", '0' => "\0", 'b' => "\b", 'f' => "\f",
                'x' => ((char)Convert.ToInt32(body.Substring(i + 1, 2), 16)).ToString(),
                _ => n.ToString(),
            });
            if (n == 'x')
            {
                i += 2;
            }
        }
        return sb.ToString();
    }
}
