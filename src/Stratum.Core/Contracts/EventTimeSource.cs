namespace Stratum.Contracts;

/// <summary>Where a version's event time comes from.</summary>
public enum EventTimeSource
{
    /// <summary>A timestamp (or date) column of the row, e.g. <c>last_updated</c>.</summary>
    Column,

    /// <summary>The file's last-modified time in the object store (for data without an event-time column).</summary>
    FileModified,

    /// <summary>A timestamp written in the file's key, e.g. <c>…/2025-06-21T10-00-00Z.parquet</c> or <c>…/20250621T100000.csv</c>.</summary>
    FileKey,
}
