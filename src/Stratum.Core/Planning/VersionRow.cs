namespace Stratum.Planning;

/// <summary>
/// One row of a target table's history for one tenant: a version of a key with its validity
/// interval. <see cref="Values"/> is aligned with the contract's columns. <see cref="SourceFile"/>
/// and <see cref="LoadId"/> are lineage (the file and load that first produced the version);
/// <see cref="Hidden"/> holds events that are not visible as rows (see <see cref="HiddenEvents"/>).
/// </summary>
public sealed record VersionRow
{
    public required RowKey Key { get; init; }
    public required object?[] Values { get; init; }
    public required DateTime EffectiveDate { get; init; }
    public DateTime? ExpirationDate { get; init; }
    public bool IsCurrent { get; init; }
    public required string Hash { get; init; }
    public int RecordVersion { get; init; } = 1;
    public string SourceFile { get; init; } = "";
    public string LoadId { get; init; } = "";
    public string Hidden { get; init; } = "";

    /// <summary>The hash of a delete marker: a row that only records a delete of a key with no version.</summary>
    public const string DeleteMarkerHash = "";

    /// <summary>A delete marker: the empty interval [T, T), not current, empty hash (see ScdPlanner).</summary>
    public bool IsDeleteMarker => Hash.Length == 0;

    /// <summary>Same content in every column, values compared by value (records compare arrays by reference).</summary>
    public bool SameAs(VersionRow other)
        => Key.Equals(other.Key)
           && EffectiveDate == other.EffectiveDate
           && ExpirationDate == other.ExpirationDate
           && IsCurrent == other.IsCurrent
           && string.Equals(Hash, other.Hash, StringComparison.Ordinal)
           && RecordVersion == other.RecordVersion
           && string.Equals(SourceFile, other.SourceFile, StringComparison.Ordinal)
           && string.Equals(LoadId, other.LoadId, StringComparison.Ordinal)
           && string.Equals(Hidden, other.Hidden, StringComparison.Ordinal)
           && SameValues(Values, other.Values);

    /// <summary>Same business content: values and SCD columns, lineage left out.</summary>
    public bool SameBusinessContent(VersionRow other)
        => Key.Equals(other.Key)
           && EffectiveDate == other.EffectiveDate
           && ExpirationDate == other.ExpirationDate
           && IsCurrent == other.IsCurrent
           && string.Equals(Hash, other.Hash, StringComparison.Ordinal)
           && RecordVersion == other.RecordVersion
           && SameValues(Values, other.Values);

    public static bool SameValues(object?[] a, object?[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }
}
