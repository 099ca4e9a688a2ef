using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.Testing;

/// <summary>Contracts shared by the test projects: one with every column type, one with a composite key, and <c>tickets</c> before and after a contract change.</summary>
public static class TestContracts
{
    /// <summary><c>tickets</c> as first loaded (status and priority tracked), for the contract-change tests.</summary>
    public const string TicketsV1 = """
        table: tickets
        key: [id]
        event_time: updated
        columns:
          id: string
          updated: timestamp
          status: string?
          priority: string?
        """;

    /// <summary><c>tickets</c> changed: priority no longer makes a version, and a nullable owner column is added (untracked).</summary>
    public const string TicketsV2 = """
        table: tickets
        key: [id]
        event_time: updated
        tracked: [status]
        columns:
          id: string
          updated: timestamp
          status: string?
          priority: string?
          owner: string?
        """;

    /// <summary>Every type, nullable and not; key id; event time updated_at; SCD2; tombstone is_deleted.</summary>
    public static TableContract AllTypes(string table = "all_types", int scdType = 2) => TableContract.Create(
        Identifier.Parse(table),
        [
            new ColumnSpec(Identifier.Parse("id"), ColumnType.String, false),
            new ColumnSpec(Identifier.Parse("updated_at"), ColumnType.Timestamp, false),
            new ColumnSpec(Identifier.Parse("name"), ColumnType.String, true),
            new ColumnSpec(Identifier.Parse("qty"), ColumnType.Int64, true),
            new ColumnSpec(Identifier.Parse("ratio"), ColumnType.Float64, true),
            new ColumnSpec(Identifier.Parse("amount"), ColumnType.Decimal(18, 4), true),
            new ColumnSpec(Identifier.Parse("active"), ColumnType.Bool, true),
            new ColumnSpec(Identifier.Parse("day"), ColumnType.Date, true),
            new ColumnSpec(Identifier.Parse("seen_at"), ColumnType.Timestamp, true),
            new ColumnSpec(Identifier.Parse("code"), ColumnType.String, false),
            new ColumnSpec(Identifier.Parse("count_nn"), ColumnType.Int64, false),
            new ColumnSpec(Identifier.Parse("is_deleted"), ColumnType.Bool, true),
        ],
        [Identifier.Parse("id")],
        Identifier.Parse("updated_at"),
        scdType,
        tombstone: Identifier.Parse("is_deleted"));

    /// <summary>A composite key (id, sub), both strings; event time updated_at; SCD2; no tombstone.</summary>
    public static TableContract CompositeKey(string table = "composite_key") => TableContract.Create(
        Identifier.Parse(table),
        [
            new ColumnSpec(Identifier.Parse("id"), ColumnType.String, false),
            new ColumnSpec(Identifier.Parse("sub"), ColumnType.String, false),
            new ColumnSpec(Identifier.Parse("updated_at"), ColumnType.Timestamp, false),
            new ColumnSpec(Identifier.Parse("name"), ColumnType.String, true),
        ],
        [Identifier.Parse("id"), Identifier.Parse("sub")],
        Identifier.Parse("updated_at"));
}
