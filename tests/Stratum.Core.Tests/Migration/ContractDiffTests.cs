using Stratum.Contracts;
using Stratum.Migration;
using static Stratum.Core.Tests.Migration.MigrationFixture;

namespace Stratum.Core.Tests.Migration;

public class ContractDiffTests
{
    [Fact]
    public void The_summary_says_what_changed()
    {
        var retyped = Columns();
        retyped[4] = Col("amount", ColumnType.Decimal(18, 2));
        var diff = ContractDiff.Between(Contract(scdType: 1, tracked: ["priority", "amount"]), Contract(columns: retyped, tracked: ["status", "amount"]));
        Assert.Equal("scd_type 1 → 2; tracked: +status −priority; column amount: int64 → decimal(18,2)", diff.Summary);
        Assert.Equal(["scd_type", "column amount"], diff.Blockers.Select(b => b.Subject));
        Assert.Contains("never stored", diff.Blockers.First().Blocker, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_contracts_have_no_difference()
        => Assert.True(ContractDiff.Between(Contract(), Contract(tracked: ["amount", "status", "priority"])).IsEmpty);

    [Fact]
    public void A_tracked_change_and_a_nullable_column_added_can_be_migrated()
    {
        var diff = ContractDiff.Between(Contract(), Contract(columns: [.. Columns(), Col("owner", ColumnType.String)], tracked: ["status"]));
        Assert.Empty(diff.Blockers);
        Assert.Equal("tracked: −amount −priority; column owner: added (string?)", diff.Summary);
    }

    [Fact]
    public void What_cannot_be_derived_from_the_stored_rows_is_refused_with_a_way_forward()
    {
        var notNull = Columns();
        notNull[2] = Col("status", ColumnType.String, false);
        var key = ContractDiff.Between(Contract(columns: notNull), Contract(columns: notNull, key: ["id", "status"]));
        Assert.Contains("new table name", Assert.Single(key.Blockers, b => b.Subject == "key").Blocker, StringComparison.Ordinal);

        var required = ContractDiff.Between(Contract(), Contract(columns: [.. Columns(), Col("owner", ColumnType.String, false)]));
        Assert.Contains("owner: string?", Assert.Single(required.Blockers).Blocker, StringComparison.Ordinal);

        var toNonNull = ContractDiff.Between(Contract(), Contract(columns: notNull));
        Assert.Equal("column status: string? → string", Assert.Single(toNonNull.Blockers).Text);

        var scdNames = ContractDiff.Between(Contract(), Contract(scd: ScdColumns.Default with { DataHash = Id("row_hash") }));
        Assert.Equal("scd_columns.data_hash: data_hash → row_hash", Assert.Single(scdNames.Blockers).Text);

        Assert.Empty(ContractDiff.Between(Contract(scdType: 2), Contract(scdType: 1)).Blockers);
    }
}
