using System.Globalization;
using Stratum.Names;

namespace Stratum.Simulation.Legacy;

/// <summary>
/// The incident's legacy <c>time_entries</c> table, with the exact columns of ORIGINAL-SYSTEM.md and
/// its partition key <c>(tenant_id, toYYYYMM(date_entered))</c>, and a builder for its rows.
/// Entries are spread over January to June 2025 (six partitions per tenant on ClickHouse).
/// </summary>
public static class TimeEntries
{
    public static readonly Identifier Name = Identifier.Parse("time_entries");

    public static LegacyTableSpec Spec(Identifier? table = null, params IReadOnlyList<LegacyColumn> extra)
    {
        var columns = new List<LegacyColumn> { C("tenant_id", LegacyType.String), C("id", LegacyType.String) };
        columns.AddRange(new[]
        {
            "company_id", "company_name", "charge_to_id", "charge_to_type", "member_id", "member_name", "location_id", "business_unit_id",
            "work_type_id", "work_type_name", "work_role_id", "work_role_name", "agreement_id", "agreement_name",
        }.Select(n => C(n, LegacyType.NullableString)));
        columns.Add(C("time_start", LegacyType.NullableDateTime));
        columns.Add(C("time_end", LegacyType.NullableDateTime));
        columns.Add(C("hours_deduct", LegacyType.NullableFloat64));
        columns.Add(C("actual_hours", LegacyType.NullableFloat64));
        columns.AddRange(new[] { "billable_option", "notes", "internal_notes" }.Select(n => C(n, LegacyType.NullableString)));
        columns.Add(C("date_entered", LegacyType.DateTime));
        columns.Add(C("entered_by", LegacyType.NullableString));
        columns.Add(C("effective_date", LegacyType.DateTime, LegacyDefault.Now));
        columns.Add(C("expiration_date", LegacyType.NullableDateTime));
        columns.Add(C("is_current", LegacyType.Flag, LegacyDefault.True));
        columns.Add(C("source_system", LegacyType.String));
        columns.Add(C("source_id", LegacyType.String));
        columns.Add(C("last_updated", LegacyType.DateTime));
        columns.Add(C("last_updated_by", LegacyType.NullableString));
        columns.Add(C("data_hash", LegacyType.String));
        columns.Add(C("record_version", LegacyType.UInt32, LegacyDefault.One));
        columns.AddRange(extra);
        return new LegacyTableSpec(table ?? Name, columns, Identifier.Parse("tenant_id"), Identifier.Parse("date_entered"),
            [Identifier.Parse("tenant_id"), Identifier.Parse("id"), Identifier.Parse("effective_date")]);
    }

    /// <summary>The row's values, aligned with <see cref="Spec"/>, then the values of its extra columns.</summary>
    public static object?[] Values(TimeEntryRow r, params object?[] extra)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = r.Entry;
        var id = n.ToString(CultureInfo.InvariantCulture);
        var entered = DateEntered(n);
        string S(string prefix, int modulo) => prefix + (n % modulo).ToString(CultureInfo.InvariantCulture);
        var notes = r.Variant == 0 ? $"Entry {id}: onsite work for O'Brien \\ Co — ünïcødé" : $"Entry {id}, variant {r.Variant}";
        object?[] values =
        [
            r.Tenant, id,
            S("c", 50), $"Company {n % 50}", S("t", 400), n % 2 == 0 ? "ServiceTicket" : "ProjectTicket", S("m", 20), $"Member {n % 20}",
            S("l", 3), S("b", 4), S("wt", 5), "Remote Support", S("wr", 6), "Engineer", n % 3 == 0 ? null : S("a", 30), n % 3 == 0 ? null : "Managed Services",
            entered.AddHours(1), entered.AddHours(1 + (n % 4)), n % 5 == 0 ? null : 0.25 * (n % 8), 0.25 * (1 + (n % 16)),
            "Billable", notes, n % 2 == 0 ? null : "internal\tnote\nline two",
            entered, "api",
            r.Effective, r.Expiration, r.IsCurrent,
            "connectwise", id, r.LastUpdated, n % 4 == 0 ? null : "sync",
            $"{(uint)HashCode.Combine(n, r.Variant):x8}", r.RecordVersion,
        ];
        return [.. values, .. extra];
    }

    /// <summary>When entry <paramref name="n"/> was entered: January to June 2025, so entries fall in six months.</summary>
    public static DateTime DateEntered(int n)
        => new DateTime(2025, 1 + (n % 6), 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(n % 1440);

    private static LegacyColumn C(string name, LegacyType type, LegacyDefault d = LegacyDefault.None) => new(Identifier.Parse(name), type, d);
}
