using Stratum.Names;
using Stratum.Sql;

namespace Stratum.Core.Tests.Sql;

public class SqlTextTests
{
    [Theory]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData("back\\slash", "'back\\slash'")]
    [InlineData("'; DROP TABLE t; --", "'''; DROP TABLE t; --'")]
    public void Standard_string_literals(string value, string literal) => Assert.Equal(literal, SqlText.StandardString(value));

    [Fact]
    public void Standard_literal_refuses_nul() => Assert.Throws<ArgumentException>(() => SqlText.StandardString("a\0b"));

    [Fact]
    public void Identifiers_are_quoted() => Assert.Equal("\"order\"", SqlText.Quote(Identifier.Parse("order")));
}
