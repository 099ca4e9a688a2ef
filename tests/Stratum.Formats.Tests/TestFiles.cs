using System.Text;
using Stratum.Contracts;
using Stratum.Formats.Writing;
using Stratum.Names;
using Stratum.Reading;

namespace Stratum.Formats.Tests;

/// <summary>
/// A temporary folder per test class, contracts built in code, and helpers that write real files
/// and read them back through <see cref="FileReaders"/>.
/// </summary>
public sealed class TestFiles : IDisposable
{
    public static readonly string[] Formats = ["csv", "ndjson", "parquet"];

    public static TheoryData<string> AllFormats => [.. Formats];

    public static readonly DateTime T0 = new(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc);

    public TestFiles() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"stratum-formats-tests-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>
    /// The contract the tests read with: every column type; key id; event time updated_at;
    /// date_entered, a nullable date the source API calls dateEntered in some files.
    /// </summary>
    public static TableContract Contract(UnknownColumnPolicy unknown = UnknownColumnPolicy.Ignore, bool renames = false,
        MissingColumnPolicy missing = MissingColumnPolicy.Reject) => Build(
        [
            ("id", ColumnType.String, false),
            ("updated_at", ColumnType.Timestamp, false),
            ("date_entered", ColumnType.Date, true),
            ("name", ColumnType.String, true),
            ("code", ColumnType.String, false),
            ("qty", ColumnType.Int64, true),
            ("ratio", ColumnType.Float64, true),
            ("amount", ColumnType.Decimal(10, 2), true),
            ("active", ColumnType.Bool, true),
            ("seen_at", ColumnType.Timestamp, true),
        ],
        unknown: unknown,
        renames: renames ? new Dictionary<string, Identifier> { ["dateEntered"] = Identifier.Parse("date_entered") } : null,
        missing: missing);

    /// <summary>A contract from (name, type, nullable); key <c>id</c>, event time <c>updated_at</c> when declared.</summary>
    public static TableContract Build(IEnumerable<(string Name, ColumnType Type, bool Nullable)> columns,
        UnknownColumnPolicy unknown = UnknownColumnPolicy.Ignore, IReadOnlyDictionary<string, Identifier>? renames = null, bool withEventTime = true,
        MissingColumnPolicy missing = MissingColumnPolicy.Reject)
    {
        var specs = columns.Select(c => new ColumnSpec(Identifier.Parse(c.Name), c.Type, c.Nullable)).ToList();
        var eventTime = withEventTime && specs.Any(s => s.Name.Value == "updated_at") ? Identifier.Parse("updated_at") : (Identifier?)null;
        return TableContract.Create(Identifier.Parse("items"), specs, [Identifier.Parse("id")], eventTime, renames: renames, unknownColumns: unknown, missingColumns: missing);
    }

    /// <summary>
    /// A contract whose columns are the given one's with some renamed, dropped or added: the shape of
    /// a file that drifted, to write it with the writers (keeps <c>id</c>; no event time).
    /// </summary>
    public static TableContract FileShape(TableContract contract, IReadOnlyDictionary<string, string>? rename = null, string[]? drop = null,
        (string Name, ColumnType Type, bool Nullable)[]? add = null)
        => Build(contract.Columns
            .Where(c => drop?.Contains(c.Name.Value) != true)
            .Select(c => (rename?.GetValueOrDefault(c.Name.Value) ?? c.Name.Value, c.Type, c.Nullable))
            .Concat(add ?? []), withEventTime: false);

    /// <summary>A valid row of <see cref="Contract"/>.</summary>
    public static object?[] Row(int i) =>
    [
        $"k{i}", T0.AddMinutes(i), new DateOnly(2024, 1, 1).AddDays(i), $"name {i}", $"c{i}", (long)i, i / 4.0, 12.5m + i, i % 2 == 0,
        i % 3 == 0 ? null : T0.AddSeconds(i).AddTicks(1230),
    ];

    /// <summary>Writes rows of <paramref name="shape"/> to <c>{name}.{format}</c> with the format's writer.</summary>
    public async Task<string> WriteAsync(string format, TableContract shape, IEnumerable<object?[]> rows, string name = "data")
    {
        var path = Path.Combine(Folder, $"{name}.{format}");
        await using var stream = File.Create(path);
        await FileWriters.WriteAsync(stream, Path.GetFileName(path), shape, rows, CancellationToken.None);
        return path;
    }

    /// <summary>
    /// Renames a column in a written file by replacing its name's bytes with another name of the
    /// same length: how the tests get names a contract cannot declare (<c>dateEntered</c>) into files.
    /// </summary>
    public static string RenameInFile(string path, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        var bytes = File.ReadAllBytes(path);
        var (old, replacement) = (Encoding.UTF8.GetBytes(from), Encoding.UTF8.GetBytes(to));
        var found = 0;
        for (var at = bytes.AsSpan().IndexOf(old); at >= 0;)
        {
            replacement.CopyTo(bytes, at);
            found++;
            var next = bytes.AsSpan(at + old.Length).IndexOf(old);
            at = next < 0 ? -1 : at + old.Length + next;
        }
        Assert.True(found > 0, $"'{from}' is not in {path}");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteText(string fileName, string text)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public static async Task<List<object?[]>> ReadAsync(string path, TableContract contract, ReadOptions? options = null)
    {
        await using var stream = File.OpenRead(path);
        return await ReadAsync(stream, Path.GetFileName(path), contract, options);
    }

    public static async Task<List<object?[]>> ReadAsync(Stream stream, string key, TableContract contract, ReadOptions? options = null)
    {
        var reader = FileReaders.For(key) ?? throw new InvalidOperationException($"no reader for {key}");
        var rows = new List<object?[]>();
        await foreach (var row in reader.ReadAsync(stream, key, contract, options ?? ReadOptions.Default, CancellationToken.None))
        {
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<FileRejectedException> RejectedAsync(string path, TableContract contract, ReadOptions? options = null)
        => await Assert.ThrowsAsync<FileRejectedException>(() => ReadAsync(path, contract, options));

    /// <summary>The same rows with every timestamp truncated to whole microseconds (what Parquet stores).</summary>
    public static object?[] Micros(object?[] row) => [.. row.Select(v => v is DateTime t ? new DateTime(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc) : v)];
}
