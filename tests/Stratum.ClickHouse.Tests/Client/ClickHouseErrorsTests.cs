using Stratum.ClickHouse.Client;

namespace Stratum.ClickHouse.Tests.Client;

public sealed class ClickHouseErrorsTests
{
    [Fact]
    public void Parses_the_18_16_body()
    {
        var (code, message) = ClickHouseErrors.Parse(null, "Code: 60, e.displayText() = DB::Exception: Table probe.nope doesn't exist., e.what() = DB::Exception\n");
        Assert.Equal(60, code);
        Assert.Equal("DB::Exception: Table probe.nope doesn't exist.", message);
    }

    [Fact]
    public void Parses_a_current_body()
    {
        var (code, message) = ClickHouseErrors.Parse(null, "Code: 62. DB::Exception: Syntax error: failed at position 1 ('SELCT'). (SYNTAX_ERROR) (version 24.8.4.13 (official build))\n");
        Assert.Equal(62, code);
        Assert.StartsWith("DB::Exception: Syntax error", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_wins_over_the_body()
        => Assert.Equal(241, ClickHouseErrors.Parse("241", "Code: 1. something").Code);

    [Fact]
    public void A_body_without_a_code_has_none()
    {
        var (code, message) = ClickHouseErrors.Parse(null, "<html>502 Bad Gateway</html>");
        Assert.Null(code);
        Assert.Equal("<html>502 Bad Gateway</html>", message);
    }

    [Fact]
    public void An_error_after_partial_output_is_found()
        => Assert.Equal(395, ClickHouseErrors.Parse(null, "1\n2\n3\nCode: 395, e.displayText() = DB::Exception: Value passed to 'throwIf' function is non zero").Code);

    [Theory]
    [InlineData(252)] // TOO_MANY_PARTS
    [InlineData(241)] // MEMORY_LIMIT_EXCEEDED
    [InlineData(159)] // TIMEOUT_EXCEEDED
    [InlineData(202)] // TOO_MANY_SIMULTANEOUS_QUERIES
    [InlineData(209)] // SOCKET_TIMEOUT
    [InlineData(210)] // NETWORK_ERROR
    [InlineData(999)] // KEEPER_EXCEPTION
    public void Overload_and_network_codes_are_transient(int code)
    {
        Assert.True(ClickHouseErrors.IsTransientCode(code));
        Assert.True(ClickHouseErrors.IsTransient(code, 500));
    }

    [Theory]
    [InlineData(62, 400)] // SYNTAX_ERROR
    [InlineData(60, 404)] // UNKNOWN_TABLE
    [InlineData(47, 404)] // UNKNOWN_IDENTIFIER
    [InlineData(16, 500)] // NO_SUCH_COLUMN_IN_TABLE
    [InlineData(53, 500)] // TYPE_MISMATCH
    [InlineData(193, 500)] // WRONG_PASSWORD
    [InlineData(516, 401)] // AUTHENTICATION_FAILED
    public void Mistakes_are_permanent(int code, int status) => Assert.False(ClickHouseErrors.IsTransient(code, status));

    [Theory]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(500, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(501, false)]
    public void Without_a_code_the_status_decides(int status, bool transient) => Assert.Equal(transient, ClickHouseErrors.IsTransient(null, status));
}
