using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Stratum.Names;

namespace Stratum.Contracts;

/// <summary>
/// What a table means, as text, and its SHA-256. The canonical text covers everything that changes
/// the rows a load writes: the columns (name, type, nullability; by name, as order never matters),
/// the key (in order: a composite key's text is built in key order), the event-time source, the
/// tracked set (sorted, as the row hash sorts it), the SCD type, the tombstone, snapshot and the
/// names of the SCD columns. It leaves out what only changes how files are read (description,
/// renames, unknown_columns, missing_columns). The text is stored with the table
/// (<c>stratum_contracts</c>) and parsed back by <see cref="Parse"/>, so <c>stratum migrate</c>
/// knows the contract the stored rows were written under.
/// </summary>
public static class ContractFingerprint
{
    private const string Header = "stratum-contract 1";

    /// <summary>The canonical text: one line per item, LF-separated, no trailing spaces.</summary>
    public static string CanonicalText(TableContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        Line(Header);
        Line("table " + contract.Table.Value);
        Line("scd_type " + contract.ScdType.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line("key " + string.Join(",", contract.Key.Select(k => k.Value)));
        Line("event_time " + EventTimeText(contract));
        Line("tracked " + string.Join(",", contract.Tracked.Select(t => t.Value).Order(StringComparer.Ordinal)));
        Line("tombstone " + (contract.Tombstone?.Value ?? "-"));
        Line("snapshot " + (contract.Snapshot ? "true" : "false"));
        Line("scd_columns " + string.Join(",", contract.ScdColumns.All().Select(s => s.Role + "=" + s.Name.Value)));
        foreach (var c in contract.Columns.OrderBy(c => c.Name.Value, StringComparer.Ordinal))
        {
            Line($"column {c.Name.Value} {c.Type}{(c.Nullable ? "?" : "")}");
        }
        return sb.ToString();
    }

    /// <summary>SHA-256 of the canonical text (UTF-8), lower-case hex.</summary>
    public static string Of(TableContract contract) => OfText(CanonicalText(contract));

    public static string OfText(string canonicalText)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText ?? throw new ArgumentNullException(nameof(canonicalText)))));

    /// <summary>The event-time source as the canonical text spells it: <c>column NAME</c>, <c>file:modified</c> or <c>file:key</c>.</summary>
    public static string EventTimeText(TableContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return contract.EventTimeSource switch
        {
            EventTimeSource.Column => "column " + contract.EventTimeColumn!.Value,
            EventTimeSource.FileKey => "file:key",
            _ => "file:modified",
        };
    }

    /// <summary>
    /// The contract a canonical text describes (what reading it needs is left at its defaults: no
    /// renames, unknown columns ignored, missing columns rejected). Throws <see cref="FormatException"/>
    /// on text this version did not write.
    /// </summary>
    public static TableContract Parse(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        var lines = canonicalText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new FormatException($"a stored contract must start with '{Header}'");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var columns = new List<ColumnSpec>();
        foreach (var line in lines.Skip(1))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (name, rest) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
            if (name == "column")
            {
                var parts = rest.Split(' ', 2);
                var typeText = parts.Length == 2 ? parts[1] : "";
                var nullable = typeText.EndsWith('?');
                if (!ColumnType.TryParse(nullable ? typeText[..^1] : typeText, out var type, out var error))
                {
                    throw new FormatException($"stored contract, column '{parts[0]}': {error}");
                }
                columns.Add(new ColumnSpec(Id(parts[0]), type, nullable));
            }
            else
            {
                fields[name] = rest;
            }
        }
        string Field(string name) => fields.TryGetValue(name, out var v) ? v : throw new FormatException($"a stored contract lacks '{name}'");
        var eventTime = Field("event_time");
        var (source, column) = eventTime switch
        {
            "file:key" => (EventTimeSource.FileKey, (Identifier?)null),
            "file:modified" => (EventTimeSource.FileModified, null),
            _ when eventTime.StartsWith("column ", StringComparison.Ordinal) => (EventTimeSource.Column, Id(eventTime["column ".Length..])),
            _ => throw new FormatException($"stored contract: event_time '{eventTime}' is not understood"),
        };
        var scd = ScdColumns.Default;
        foreach (var pair in Field("scd_columns").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var id = Id(kv[1]);
            scd = kv[0] switch
            {
                "tenant_id" => scd with { TenantId = id },
                "effective_date" => scd with { EffectiveDate = id },
                "expiration_date" => scd with { ExpirationDate = id },
                "is_current" => scd with { IsCurrent = id },
                "data_hash" => scd with { DataHash = id },
                "record_version" => scd with { RecordVersion = id },
                "source_file" => scd with { SourceFile = id },
                "load_id" => scd with { LoadId = id },
                "hidden" => scd with { Hidden = id },
                _ => throw new FormatException($"stored contract: scd column role '{kv[0]}' is not understood"),
            };
        }
        var tombstone = Field("tombstone");
        return TableContract.Create(
            Id(Field("table")), columns, Ids(Field("key")), column,
            scdType: int.Parse(Field("scd_type"), System.Globalization.CultureInfo.InvariantCulture),
            tracked: Field("tracked").Length == 0 ? null : Ids(Field("tracked")),
            tombstone: tombstone == "-" ? null : Id(tombstone),
            snapshot: Field("snapshot") == "true",
            eventTimeSource: source,
            scdColumns: scd,
            source: "<stored contract>");
    }

    private static Identifier Id(string text) => Identifier.Parse(text);

    private static ImmutableArray<Identifier> Ids(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Id)];
}
