namespace Stratum.Simulation.Legacy;

/// <summary>Creates legacy-shaped tables and fills them: the incident reproduced, for tests and `stratum simulate --legacy-incident`.</summary>
public interface ILegacyTableWriter
{
    /// <summary>Creates the table; with <paramref name="replace"/> an existing one is dropped first, otherwise it is an error.</summary>
    Task CreateAsync(LegacyTableSpec spec, bool replace, CancellationToken cancellationToken);

    /// <summary>Appends rows (aligned with the spec's columns).</summary>
    Task InsertAsync(LegacyTableSpec spec, IEnumerable<object?[]> rows, CancellationToken cancellationToken);
}
