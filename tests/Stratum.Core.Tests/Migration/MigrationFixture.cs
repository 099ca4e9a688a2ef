using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.Core.Tests.Migration;

/// <summary>Contracts of one table, <c>items</c> (id, ts, status, priority, amount, deleted), varied one field at a time.</summary>
internal static class MigrationFixture
{
    public static Identifier Id(string s) => Identifier.Parse(s);

    public static ColumnSpec Col(string name, ColumnType type, bool nullable = true) => new(Id(name), type, nullable);

    public static List<ColumnSpec> Columns() =>
    [
        Col("id", ColumnType.String, false),
        Col("ts", ColumnType.Timestamp, false),
        Col("status", ColumnType.String),
        Col("priority", ColumnType.String),
        Col("amount", ColumnType.Int64),
        Col("deleted", ColumnType.Bool),
    ];

    public static TableContract Contract(
        IEnumerable<ColumnSpec>? columns = null, string[]? tracked = null, int scdType = 2, string[]? key = null, bool tombstone = true,
        IReadOnlyDictionary<string, Identifier>? renames = null, ScdColumns? scd = null, bool snapshot = false)
        => TableContract.Create(Id("items"), columns ?? Columns(), (key ?? ["id"]).Select(Id), Id("ts"), scdType,
            tracked?.Select(Id), tombstone ? Id("deleted") : null, snapshot,
            eventTimeSource: snapshot ? EventTimeSource.FileKey : null, // a snapshot's versions are at the file's time
            renames: renames, scdColumns: scd);
}
