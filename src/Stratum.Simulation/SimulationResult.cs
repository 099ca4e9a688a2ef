namespace Stratum.Simulation;

/// <summary>The verdict of a simulation. <see cref="Passed"/>: zero duplicates, zero violations, zero lost or extra versions.</summary>
public sealed record SimulationResult(
    string Stream,
    int Workers,
    string WorkerKind,
    int Waves,
    int Files,
    int RowsInFiles,
    int RowsInTable,
    int CurrentRows,
    int ExpectedRows,
    int ExactDuplicateRows,
    int Violations,
    int LostVersions,
    int ExtraRows,
    IReadOnlyDictionary<string, int> WorkerOutcomes,
    double Seconds,
    IReadOnlyList<string> SampleViolations)
{
    public bool Passed => ExactDuplicateRows == 0 && Violations == 0 && LostVersions == 0 && ExtraRows == 0
                          && !WorkerOutcomes.Keys.Any(k => k.StartsWith("failed", StringComparison.Ordinal) || k.StartsWith("exit", StringComparison.Ordinal));

    public double DuplicatePercent => RowsInTable == 0 ? 0 : 100.0 * ExactDuplicateRows / RowsInTable;
}
