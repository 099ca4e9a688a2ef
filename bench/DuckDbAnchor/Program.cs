using System.Diagnostics;
using DuckDB.NET.Data;

// dotnet DuckDbAnchor.dll ctas DB.duckdb FILE.parquet     → CREATE TABLE t AS SELECT * FROM read_parquet(…); prints ms
// dotnet DuckDbAnchor.dll check DB.duckdb TABLE FILE.parquet → exit 0 when the table has the file's rows:
//     as many rows, as many distinct ids, one current row per id (the file holds one version per id)
// dotnet DuckDbAnchor.dll query DB SQL                     → the first row of SQL, tab-separated (the
//     benches' independent expectation: aggregates DuckDB computes from the source file itself)
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: DuckDbAnchor ctas DB FILE.parquet | check DB TABLE FILE.parquet | query DB SQL");
    return 2;
}
static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
await using var connection = new DuckDBConnection($"Data Source={args[1]}");
await connection.OpenAsync();
async Task<long[]> Longs(string sql)
{
    await using var cmd = connection.CreateCommand();
    cmd.CommandText = sql;
    await using var r = await cmd.ExecuteReaderAsync();
    await r.ReadAsync();
    return [.. Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))];
}
switch (args[0])
{
    case "ctas":
    {
        var sw = Stopwatch.StartNew();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"CREATE TABLE anchor AS SELECT * FROM read_parquet({Literal(args[2])})";
        await cmd.ExecuteNonQueryAsync();
        Console.WriteLine(sw.ElapsedMilliseconds);
        return 0;
    }
    case "check" when args.Length == 4:
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(args[2], "^[a-z][a-z0-9_]{0,62}$"))
        {
            Console.Error.WriteLine($"not a table name: {args[2]}");
            return 2;
        }
        var file = await Longs($"SELECT count(*), count(DISTINCT id) FROM read_parquet({Literal(args[3])})");
        var table = await Longs($"SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE is_current) FROM \"{args[2]}\"");
        var ok = table[0] == file[0] && table[1] == file[1] && table[2] == file[1];
        Console.WriteLine($"file: {file[0]} rows, {file[1]} ids; table: {table[0]} rows, {table[1]} ids, {table[2]} current — {(ok ? "equal" : "DIFFERENT")}");
        return ok ? 0 : 1;
    }
    case "query":
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = args[2];
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Console.WriteLine(string.Join('\t', Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: DuckDbAnchor ctas DB FILE.parquet | check DB TABLE FILE.parquet | query DB SQL");
        return 2;
}
