using Stratum.Contracts;
using static Stratum.Core.Tests.Migration.MigrationFixture;

namespace Stratum.Core.Tests.Migration;

public class ContractFingerprintTests
{
    [Fact]
    public void The_canonical_text_parses_back_to_a_contract_with_the_same_fingerprint()
    {
        var c = Contract(tracked: ["status", "amount"], scd: ScdColumns.Default with { DataHash = Id("row_hash") });
        var text = ContractFingerprint.CanonicalText(c);
        var back = ContractFingerprint.Parse(text);
        Assert.Equal(text, ContractFingerprint.CanonicalText(back));
        Assert.Equal(ContractFingerprint.Of(c), ContractFingerprint.Of(back));
        Assert.Equal(["amount", "status"], back.Tracked.Select(t => t.Value).Order(StringComparer.Ordinal));
        Assert.Equal("row_hash", back.ScdColumns.DataHash.Value);
        Assert.Matches("^[0-9a-f]{64}$", ContractFingerprint.Of(c));
    }

    [Fact]
    public void What_only_changes_reading_leaves_the_fingerprint_alone()
    {
        var baseline = ContractFingerprint.Of(Contract());
        Assert.Equal(baseline, ContractFingerprint.Of(Contract(renames: new Dictionary<string, Stratum.Names.Identifier> { ["Status"] = Id("status") })));
        var reordered = Columns();
        reordered.Reverse();
        Assert.Equal(baseline, ContractFingerprint.Of(Contract(columns: reordered)));
        // The default tracked set spelled out is the same tracked set.
        Assert.Equal(baseline, ContractFingerprint.Of(Contract(tracked: ["status", "priority", "amount"])));
        Assert.Equal(baseline, ContractFingerprint.Of(Contract(tracked: ["amount", "priority", "status"])));
    }

    [Fact]
    public void What_changes_the_table_changes_the_fingerprint()
    {
        var baseline = ContractFingerprint.Of(Contract());
        var retyped = Columns();
        retyped[4] = Col("amount", ColumnType.Decimal(18, 2));
        var notNull = Columns();
        notNull[2] = Col("status", ColumnType.String, false);
        TableContract[] variants =
        [
            Contract(tracked: ["status"]),
            Contract(columns: retyped),
            Contract(columns: notNull),
            Contract(columns: [.. Columns(), Col("owner", ColumnType.String)]),
            Contract(scdType: 1),
            Contract(tombstone: false),
            Contract(snapshot: true),
            Contract(key: ["id", "status"], columns: notNull),
            Contract(scd: ScdColumns.Default with { Hidden = Id("hidden_events") }),
        ];
        var prints = variants.Select(ContractFingerprint.Of).ToList();
        Assert.DoesNotContain(baseline, prints);
        Assert.Equal(prints.Count, prints.Distinct().Count());
    }
}
