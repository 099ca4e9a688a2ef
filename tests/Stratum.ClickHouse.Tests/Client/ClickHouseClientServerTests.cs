using System.Globalization;
using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.RowBinary;
using Stratum.ClickHouse.Warehouse;
using Stratum.Sql;

namespace Stratum.ClickHouse.Tests.Client;

/// <summary>The client against the real server: versions, errors, escaping and every binary type.</summary>
public sealed class ClickHouseClientServerTests
{
    private static readonly string[] Nasty =
    [
        "",
        "O'Brien",
        "back\\slash \\' \\\\'",
        "tab\there\nnew line\r\ncarriage",
        "nul\0inside",
        "\b\f\v\a\u001b\u007f\u0001\u001f",
        "\\N",
        "ünïcødé — 🚀 中文 عربى",
        "'; DROP TABLE x; --",
        "\\x41 is not A",
        new string('\'', 100),
    ];

    public static TheoryData<string> NastyStrings => new(Nasty);

    [SkippableFact]
    public async Task Version_is_detected_once_and_decides_the_timestamp_type()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var version = await db.Client.GetServerVersionAsync(default);
        Assert.True(version.Major >= 18, version.Text);
        Assert.Equal(version, db.Warehouse.ServerVersion);
        Assert.Equal(version.SupportsDateTime64, db.Warehouse.UsesDateTime64);
        Assert.Equal(version.SupportsDateTime64 ? TimeSpan.FromTicks(10) : TimeSpan.FromSeconds(1), db.Warehouse.TimestampResolution);
        Assert.Contains(version.Text, db.Warehouse.Describe, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_syntax_error_is_permanent_with_code_62()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => db.Client.ExecuteAsync("SELCT 1", default));
        Assert.Equal(ClickHouseErrors.SyntaxError, e.ServerCode);
        Assert.Equal(400, e.HttpStatus);
        Assert.False(e.IsTransient);
        Assert.StartsWith("stratum-", e.QueryId, StringComparison.Ordinal);
        Assert.Contains(e.QueryId!, e.Message, StringComparison.Ordinal);
        Assert.Contains("Syntax error", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_refused_user_names_the_variables_to_set()
    {
        await TestServer.RequireAsync();
        using var client = new ClickHouseClient(TestServer.Options(TestServer.NewDatabaseName()) with { User = "stratum_no_such_user" });
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => client.ExecuteAsync("SELECT 1", default));
        Assert.False(e.IsTransient);
        Assert.Contains("user 'stratum_no_such_user' with no password", e.Message, StringComparison.Ordinal);
        Assert.Contains("STRATUM_CLICKHOUSE_PASSWORD", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unknown_table_is_permanent_with_code_60()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => db.Client.QueryTsvAsync($"SELECT * FROM {SqlText.Quote(db.Warehouse.Database)}.nope", null, default));
        Assert.Equal(ClickHouseErrors.UnknownTable, e.ServerCode);
        Assert.False(e.IsTransient);
    }

    [SkippableFact]
    public async Task A_failure_after_rows_were_produced_is_an_error_not_a_short_answer()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => db.Client.QueryRowBinaryAsync(
            "SELECT number FROM system.numbers WHERE throwIf(number = 300000) = 0 LIMIT 400000", r => r.ReadUInt64(), null, default));
        Assert.Equal(395, e.ServerCode);
    }

    [SkippableFact]
    public async Task A_query_past_its_timeout_is_transient()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var options = new QueryOptions { Timeout = TimeSpan.FromMilliseconds(300), Settings = new Dictionary<string, string> { ["max_execution_time"] = "30" } };
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => db.Client.ExecuteAsync("SELECT sleep(2)", options, default));
        Assert.True(e.IsTransient);
        Assert.Contains("timed out", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Caller_cancellation_is_not_turned_into_a_timeout()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.Client.ExecuteAsync("SELECT sleep(2)", cts.Token));
    }

    [SkippableFact]
    public async Task An_unreachable_server_is_transient()
    {
        await TestServer.RequireAsync();
        using var client = new ClickHouseClient(new ClickHouseOptions { Endpoint = new Uri("http://127.0.0.1:1/"), ConnectTimeout = TimeSpan.FromSeconds(2) });
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => client.ExecuteAsync("SELECT 1", default));
        Assert.True(e.IsTransient);
    }

    [SkippableFact]
    public async Task A_wrong_password_is_permanent_and_not_echoed()
    {
        await TestServer.RequireAsync();
        using var client = new ClickHouseClient(TestServer.Options(TestServer.NewDatabaseName()) with { Password = "definitely-wrong-pw" });
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => client.ExecuteAsync("SELECT 1", default));
        Assert.False(e.IsTransient);
        Assert.DoesNotContain("definitely-wrong-pw", e.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(NastyStrings))]
    public async Task String_literals_round_trip_through_the_server(string value)
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var literal = ClickHouseSqlText.ClickHouseString(value);
        var back = await db.Client.QueryTsvAsync($"SELECT {literal} AS s, length({literal}) AS n", null, default);
        Assert.Equal(value, back.Rows[0][0]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture), back.Rows[0][1]);
    }

    [SkippableFact]
    public async Task Strings_sent_as_RowBinary_come_back_equal_as_text_and_binary_and_match_literals()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var table = $"{SqlText.Quote(db.Warehouse.Database)}.s";
        await db.Client.ExecuteAsync($"CREATE TABLE {table} (i Int64, s String) ENGINE = MergeTree ORDER BY i", default);
        var values = Nasty.ToList();
        await db.Client.InsertAsync($"INSERT INTO {table} (i, s)", values.Select((v, i) => (i, v)), (w, r) => { w.WriteInt64(r.i); w.WriteString(r.v); }, null, default);
        var text = await db.Client.QueryTsvAsync($"SELECT s FROM {table} ORDER BY i", null, default);
        Assert.Equal(values, text.Rows.Select(r => r[0]));
        var binary = await db.Client.QueryRowBinaryAsync($"SELECT s FROM {table} ORDER BY i", r => r.ReadString(), null, default);
        Assert.Equal(values, binary);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.Equal("1", await db.ScalarAsync($"SELECT count() FROM {table} WHERE i = {i} AND s = {ClickHouseSqlText.ClickHouseString(values[i])}"));
        }
    }

    [SkippableFact]
    public async Task Every_type_written_as_RowBinary_is_what_the_server_stores()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var table = $"{SqlText.Quote(db.Warehouse.Database)}.types";
        var types = new (WireType Type, object? Value, string? Expected)[]
        {
            (new(WireKind.String, false), "ü'\\", "ü'\\"),
            (new(WireKind.Int64, false), long.MinValue, "-9223372036854775808"),
            (new(WireKind.Int32, false), -7, "-7"),
            (new(WireKind.Float64, false), 0.1, "0.1"),
            (new(WireKind.Decimal, false, 9, 2), -1234567.89m, "-1234567.89"),
            (new(WireKind.Decimal, false, 18, 4), -99999999999999.9999m, "-99999999999999.9999"),
            (new(WireKind.Decimal, false, 28, 6), 1234567890123456789012.345678m, "1234567890123456789012.345678"),
            (new(WireKind.Bool, false), true, "1"),
            (new(WireKind.Date, false), new DateOnly(2105, 12, 31), "2105-12-31"),
            (new(WireKind.DateTime, false), new DateTime(2025, 6, 21, 10, 11, 12, DateTimeKind.Utc), "2025-06-21 10:11:12"),
            (new(WireKind.Int64, true), null, null),
            (new(WireKind.Decimal, true, 18, 4), 1.5m, "1.5000"),
            (new(WireKind.Date, true), null, null),
        };
        var columns = types.Select((t, i) => $"c{i} {t.Type.TypeName}");
        await db.Client.ExecuteAsync($"CREATE TABLE {table} ({string.Join(", ", columns)}) ENGINE = MergeTree ORDER BY tuple()", default);
        await db.Client.InsertAsync($"INSERT INTO {table}", new[] { 0 }, (w, _) =>
        {
            foreach (var (type, value, _) in types)
            {
                type.Write(w, value);
            }
        }, null, default);
        // The columns as the server prints them (not toString: 18.16's toString(Decimal128) garbles digits).
        var row = (await db.Client.QueryTsvAsync($"SELECT * FROM {table}", null, default)).Rows.Single();
        Assert.Equal(types.Select(t => t.Expected), row);
        var back = (await db.Client.QueryRowBinaryAsync($"SELECT * FROM {table}", r => types.Select(t => t.Type.Read(r)).ToArray(), null, default)).Single();
        Assert.Equal(types.Select(t => t.Value), back);

        // Byte for byte what the server itself encodes for the same value.
        foreach (var (type, value, expected) in types)
        {
            var literal = expected is null ? "NULL" : ClickHouseSqlText.ClickHouseString(expected);
            var mine = new RowBinaryWriter(64);
            type.Write(mine, value);
            var theirs = await ServerBytesAsync($"SELECT CAST({literal} AS {type.TypeName})");
            Assert.True(mine.ToArray().AsSpan().SequenceEqual(theirs), $"{type.TypeName} {expected}: ours {Convert.ToHexString(mine.ToArray())}, server {Convert.ToHexString(theirs)}");
        }
    }

    /// <summary>The raw RowBinary answer of a query, straight from the server.</summary>
    private static async Task<byte[]> ServerBytesAsync(string sql)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(TestServer.Url!, "/?wait_end_of_query=1"), new StringContent(sql + " FORMAT RowBinary"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    [SkippableFact]
    public async Task A_bad_insert_body_is_a_permanent_error()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var table = $"{SqlText.Quote(db.Warehouse.Database)}.t";
        await db.Client.ExecuteAsync($"CREATE TABLE {table} (s String, n Int64) ENGINE = MergeTree ORDER BY n", default);
        var e = await Assert.ThrowsAsync<ClickHouseException>(() =>
            db.Client.InsertAsync($"INSERT INTO {table} (s, n)", new[] { 1 }, (w, _) => w.WriteString("only a string"), null, default));
        Assert.False(e.IsTransient);
        Assert.Equal("0", await db.ScalarAsync($"SELECT count() FROM {table}"));
    }

    [SkippableFact]
    public async Task A_large_insert_into_a_missing_table_is_a_permanent_error_not_a_network_one()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var rows = Enumerable.Range(0, 500_000).Select(i => $"row {i} with some padding to make the body larger than socket buffers");
        var e = await Assert.ThrowsAsync<ClickHouseException>(() =>
            db.Client.InsertAsync($"INSERT INTO {SqlText.Quote(db.Warehouse.Database)}.missing (s)", rows, (w, r) => w.WriteString(r), null, default));
        Assert.Equal(ClickHouseErrors.UnknownTable, e.ServerCode);
        Assert.False(e.IsTransient);
    }

    [SkippableFact]
    public async Task Settings_must_be_names()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var bad = new QueryOptions { Settings = new Dictionary<string, string> { ["max_threads&readonly"] = "1" } };
        await Assert.ThrowsAsync<ArgumentException>(() => db.Client.ExecuteAsync("SELECT 1", bad, default));
    }
}
