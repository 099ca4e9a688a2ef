using System.Globalization;
using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Names;

namespace Stratum.Core.Tests.Hashing;

public class RowHasherTests
{
    private static TableContract Contract(params (string Name, ColumnType Type)[] extra)
        => TableContract.Create(Identifier.Parse("t"),
            [new ColumnSpec(Identifier.Parse("id"), ColumnType.String, false), new ColumnSpec(Identifier.Parse("ts"), ColumnType.Timestamp, false),
             .. extra.Select(e => new ColumnSpec(Identifier.Parse(e.Name), e.Type, true))],
            [Identifier.Parse("id")], Identifier.Parse("ts"));

    private static readonly DateTime Ts = new(2025, 6, 21, 10, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Golden_value_is_pinned_so_other_tools_can_recompute_it()
    {
        var c = Contract(("notes", ColumnType.String), ("hours", ColumnType.Float64), ("qty", ColumnType.Int64),
            ("amount", ColumnType.Decimal(10, 2)), ("ok", ColumnType.Bool), ("day", ColumnType.Date), ("at", ColumnType.Timestamp));
        var hash = new RowHasher(c).Hash(["k1", Ts, "Reset MFA", 1.5, 42L, 12.5m, true, new DateOnly(2025, 6, 21), Ts]);
        // Recomputed independently from docs/row-hash.md; a change here breaks every stored hash.
        Assert.Equal(ManualHash(), hash);
        Assert.Equal(32, hash.Length);
    }

    private static string ManualHash()
    {
        var bytes = new List<byte>();
        void Str(string s)
        {
            var b = System.Text.Encoding.UTF8.GetBytes(s);
            bytes.AddRange(BitConverter.GetBytes((uint)b.Length));
            bytes.AddRange(b);
        }
        // Sorted by name: amount, at, day, hours, notes, ok, qty
        Str("amount"); bytes.Add(4); Str("12.50");
        Str("at"); bytes.Add(7); bytes.AddRange(BitConverter.GetBytes((Ts - DateTime.UnixEpoch).Ticks / 10));
        Str("day"); bytes.Add(6); bytes.AddRange(BitConverter.GetBytes((int)(new DateTime(2025, 6, 21) - DateTime.UnixEpoch).TotalDays));
        Str("hours"); bytes.Add(3); bytes.AddRange(BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(1.5)));
        Str("notes"); bytes.Add(1); Str("Reset MFA");
        Str("ok"); bytes.Add(5); bytes.Add(1);
        Str("qty"); bytes.Add(2); bytes.AddRange(BitConverter.GetBytes(42L));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. bytes])[..16]);
    }

    [Fact]
    public void Null_and_empty_string_differ()
    {
        var h = new RowHasher(Contract(("notes", ColumnType.String)));
        Assert.NotEqual(h.Hash(["k", Ts, null]), h.Hash(["k", Ts, ""]));
    }

    [Fact]
    public void Key_and_event_time_are_not_tracked_by_default()
    {
        var h = new RowHasher(Contract(("notes", ColumnType.String)));
        Assert.Equal(h.Hash(["a", Ts, "x"]), h.Hash(["b", Ts.AddDays(1), "x"]));
    }

    [Fact]
    public void Column_declaration_order_does_not_matter()
    {
        var ab = Contract(("a", ColumnType.String), ("b", ColumnType.Int64));
        var ba = Contract(("b", ColumnType.Int64), ("a", ColumnType.String));
        Assert.Equal(new RowHasher(ab).Hash(["k", Ts, "x", 1L]), new RowHasher(ba).Hash(["k", Ts, 1L, "x"]));
    }

    [Fact]
    public void Culture_does_not_matter()
    {
        var c = Contract(("amount", ColumnType.Decimal(10, 3)), ("f", ColumnType.Float64));
        var before = new RowHasher(c).Hash(["k", Ts, 1234.5m, 0.1]);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(before, new RowHasher(c).Hash(["k", Ts, 1234.5m, 0.1]));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Equal_values_in_different_forms_hash_equal()
    {
        var c = Contract(("amount", ColumnType.Decimal(10, 2)), ("f", ColumnType.Float64));
        var h = new RowHasher(c);
        Assert.Equal(h.Hash(["k", Ts, 1.5m, 0.0]), h.Hash(["k", Ts, 1.50m, -0.0]));
        Assert.Equal(h.Hash(["k", Ts, 0m, double.NaN]), h.Hash(["k", Ts, -0.00m, -double.NaN]));
    }

    [Fact]
    public void Every_tracked_value_changes_the_hash()
    {
        var h = new RowHasher(Contract(("a", ColumnType.String), ("b", ColumnType.Bool), ("c", ColumnType.Date)));
        var baseline = h.Hash(["k", Ts, "x", true, new DateOnly(2025, 1, 1)]);
        Assert.NotEqual(baseline, h.Hash(["k", Ts, "y", true, new DateOnly(2025, 1, 1)]));
        Assert.NotEqual(baseline, h.Hash(["k", Ts, "x", false, new DateOnly(2025, 1, 1)]));
        Assert.NotEqual(baseline, h.Hash(["k", Ts, "x", true, new DateOnly(2025, 1, 2)]));
    }
}
