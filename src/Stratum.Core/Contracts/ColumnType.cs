using System.Globalization;

namespace Stratum.Contracts;

/// <summary>A column's type: its kind, and for decimals the precision and scale.</summary>
public readonly record struct ColumnType(ColumnKind Kind, int Precision = 0, int Scale = 0)
{
    public static readonly ColumnType String = new(ColumnKind.String);
    public static readonly ColumnType Int64 = new(ColumnKind.Int64);
    public static readonly ColumnType Float64 = new(ColumnKind.Float64);
    public static readonly ColumnType Bool = new(ColumnKind.Bool);
    public static readonly ColumnType Date = new(ColumnKind.Date);
    public static readonly ColumnType Timestamp = new(ColumnKind.Timestamp);

    public static ColumnType Decimal(int precision, int scale) => new(ColumnKind.Decimal, precision, scale);

    /// <summary>Parses the contract spelling: string, int64, float64, decimal(p,s), bool, date, timestamp.</summary>
    public static bool TryParse(string? text, out ColumnType type, out string? error)
    {
        type = default;
        error = null;
        var t = (text ?? "").Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        switch (t)
        {
            case "string": type = String; return true;
            case "int64": type = Int64; return true;
            case "float64": type = Float64; return true;
            case "bool": type = Bool; return true;
            case "date": type = Date; return true;
            case "timestamp": type = Timestamp; return true;
        }
        if (t.StartsWith("decimal(", StringComparison.Ordinal) && t.EndsWith(')'))
        {
            var parts = t["decimal(".Length..^1].Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                if (p is < 1 or > 28 || s < 0 || s > p)
                {
                    error = $"decimal({p},{s}) is out of range: precision 1..28, scale 0..precision";
                    return false;
                }
                type = Decimal(p, s);
                return true;
            }
        }
        error = $"unknown type '{text}'; use string, int64, float64, decimal(p,s), bool, date or timestamp";
        return false;
    }

    public override string ToString() => Kind switch
    {
        ColumnKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})"),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
