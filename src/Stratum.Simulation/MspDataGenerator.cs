using System.Globalization;
using Stratum.Contracts;

namespace Stratum.Simulation;

/// <summary>
/// Generates realistic canonical files for any contract (MSP-flavoured values for the example
/// tables' columns): an initial sync, then hourly syncs with new records and updates, a
/// re-delivered sync (same rows, another file) and a late sync (an update whose event time is
/// older than versions already landed). Deterministic for a seed; no clock involved.
/// </summary>
public sealed class MspDataGenerator(TableContract contract, int seed)
{
    public static readonly DateTime Start = new(2025, 6, 21, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Members = ["Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eli Cohen", "Fatima Zahra", "Greg Olsen", "Hana Sato"];
    private static readonly string[] Companies = ["Site Technology", "Northwind Traders", "Contoso Ltd", "Fabrikam", "Tailspin Toys", "Wide World Importers"];
    private static readonly string[] WorkTypes = ["Remote Support", "Onsite", "Project Work", "Admin", "Travel"];
    private static readonly string[] Notes = ["Reset MFA for user", "Patched firewall firmware", "Replaced failing SSD", "Onboarded new hire", "Investigated slow VPN", "Renewed TLS certificates", "Backup job failed, re-ran", "Printer driver update"];

    private readonly Random _random = new(seed);

    /// <summary>One landed file: its name (relative to the stream's prefix) and rows.</summary>
    public sealed record GeneratedFile(string Name, IReadOnlyList<object?[]> Rows);

    /// <param name="records">Records (keys) in the stream.</param>
    /// <param name="syncs">Files landed, one per sync; each changes some records.</param>
    /// <param name="deleteRate">For a contract with a tombstone column: the share of records deleted per sync (a tombstone row; a later update brings the record back).</param>
    public IReadOnlyList<GeneratedFile> Generate(int records, int syncs, double deleteRate = 0)
    {
        syncs = Math.Max(2, syncs);
        var files = new List<GeneratedFile>();
        var current = new Dictionary<int, object?[]>();
        var created = 0;
        var initial = Math.Max(1, records * 6 / 10);
        for (var s = 0; s < syncs; s++)
        {
            var syncTime = Start.AddHours(s);
            var rows = new Dictionary<int, object?[]>();
            var newCount = s == 0 ? initial : (records - initial) / (syncs - 1) + (s == syncs - 1 ? (records - initial) % (syncs - 1) : 0);
            for (var i = 0; i < newCount && created < records; i++)
            {
                var id = created++;
                rows[id] = current[id] = NewRow(id, syncTime.AddMinutes(_random.Next(0, 59)));
            }
            if (s > 0)
            {
                foreach (var id in current.Keys.Where(_ => _random.NextDouble() < 0.15).ToList())
                {
                    if (!rows.ContainsKey(id))
                    {
                        rows[id] = current[id] = Update(current[id], syncTime.AddMinutes(_random.Next(0, 59)));
                    }
                }
                if (deleteRate > 0 && contract.TombstoneOrdinal >= 0)
                {
                    foreach (var id in current.Keys.Where(_ => _random.NextDouble() < deleteRate).ToList())
                    {
                        if (!rows.ContainsKey(id))
                        {
                            var deleted = Update(current[id], syncTime.AddMinutes(_random.Next(0, 59)));
                            deleted[contract.TombstoneOrdinal] = true;
                            rows[id] = current[id] = deleted;
                        }
                    }
                }
            }
            files.Add(new GeneratedFile($"{syncTime:yyyy-MM-dd'T'HH-mm-ss'Z'}.parquet", [.. rows.OrderBy(r => r.Key).Select(r => r.Value)]));
        }
        // The same sync delivered again under another name (rows in another order: another file).
        var again = files[Math.Min(2, files.Count - 1)];
        files.Add(new GeneratedFile(again.Name.Replace(".parquet", "-redelivered.parquet", StringComparison.Ordinal), [.. again.Rows.Reverse()]));
        // A late sync: updates stamped inside the first hour, landing after everything else.
        var late = current.Keys.Where(_ => _random.NextDouble() < 0.05).Select(id => Update(current[id], Start.AddMinutes(59).AddSeconds(_random.Next(1, 59)))).ToList();
        if (late.Count > 0)
        {
            files.Add(new GeneratedFile($"{Start.AddHours(syncs):yyyy-MM-dd'T'HH-mm-ss'Z'}-late.parquet", late));
        }
        return files;
    }

    private object?[] NewRow(int id, DateTime at)
    {
        var row = new object?[contract.Columns.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = Value(contract.Columns[i], id, at);
        }
        return row;
    }

    private object?[] Update(object?[] previous, DateTime at)
    {
        var row = (object?[])previous.Clone();
        var tracked = contract.TrackedOrdinals;
        // Change one or two tracked columns, and the event time.
        for (var n = 0; n < 1 + _random.Next(2); n++)
        {
            var i = tracked[_random.Next(tracked.Length)];
            row[i] = Value(contract.Columns[i], _random.Next(), at, changed: true);
        }
        if (contract.EventTimeOrdinal >= 0)
        {
            row[contract.EventTimeOrdinal] = contract.Columns[contract.EventTimeOrdinal].Type.Kind == ColumnKind.Date ? DateOnly.FromDateTime(at) : at;
        }
        if (contract.TombstoneOrdinal >= 0)
        {
            row[contract.TombstoneOrdinal] = false;
        }
        return row;
    }

    private object? Value(ColumnSpec column, int id, DateTime at, bool changed = false)
    {
        var name = column.Name.Value;
        if (contract.Key.Contains(column.Name))
        {
            return column.Type.Kind == ColumnKind.Int64 ? (long)id + 100000 : (object)(100000 + id).ToString(CultureInfo.InvariantCulture);
        }
        if (contract.EventTimeColumn == column.Name)
        {
            return column.Type.Kind == ColumnKind.Date ? DateOnly.FromDateTime(at) : at;
        }
        if (contract.Tombstone == column.Name)
        {
            return false;
        }
        if (column.Nullable && !changed && _random.NextDouble() < 0.05)
        {
            return null;
        }
        return column.Type.Kind switch
        {
            ColumnKind.String => name switch
            {
                _ when name.Contains("member_name", StringComparison.Ordinal) || name.Contains("owner_name", StringComparison.Ordinal) || name.EndsWith("_by", StringComparison.Ordinal) => Pick(Members),
                _ when name.Contains("company_name", StringComparison.Ordinal) || name == "name" => Pick(Companies),
                _ when name.Contains("work_type", StringComparison.Ordinal) || name.Contains("type_name", StringComparison.Ordinal) => Pick(WorkTypes),
                _ when name.Contains("notes", StringComparison.Ordinal) || name == "summary" => Pick(Notes),
                "source_system" => "connectwise",
                "source_id" => (100000 + id).ToString(CultureInfo.InvariantCulture),
                "billable_option" => Pick(["Billable", "DoNotBill", "NoCharge"]),
                "charge_to_type" => Pick(["ServiceTicket", "ProjectTicket", "ChargeCode"]),
                _ when name.EndsWith("_id", StringComparison.Ordinal) => _random.Next(1, 500).ToString(CultureInfo.InvariantCulture),
                _ => $"{name}-{_random.Next(1000)}",
            },
            ColumnKind.Int64 => (long)_random.Next(0, 10000),
            ColumnKind.Float64 => Math.Round(_random.NextDouble() * 8, 2),
            ColumnKind.Decimal => Math.Round((decimal)_random.NextDouble() * 100000m, column.Type.Scale),
            ColumnKind.Bool => _random.Next(2) == 1,
            ColumnKind.Date => DateOnly.FromDateTime(at.AddDays(-_random.Next(0, 900))),
            ColumnKind.Timestamp => at.AddMinutes(-_random.Next(0, 600)),
            _ => null,
        };
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
