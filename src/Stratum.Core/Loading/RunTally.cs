using Stratum.Names;
using Stratum.Planning;
using Stratum.State;

namespace Stratum.Loading;

/// <summary>The counts of one run as it goes, and the <see cref="RunRecord"/> they make at the end.</summary>
internal sealed class RunTally(StreamId stream, string owner, string loadId, DateTimeOffset started)
{
    private readonly List<ConflictRecord> _conflicts = [];
    private PlanCounts _counts = new();
    private long _ties, _coarseTies;

    public string LoadId { get; } = loadId;
    public StreamId Stream { get; } = stream;
    public long FilesSeen;
    public long FilesAlreadyLoaded;
    public long FilesCommitted;
    public long FilesQuarantined;
    public long RowsRead;

    /// <summary>Files rewritten between listing and reading: left pending for the next pass.</summary>
    public readonly HashSet<string> Changed = new(StringComparer.Ordinal);

    /// <summary>For the run log: the files that changed while being read and stay pending, or null.</summary>
    public string? ChangedNote() => Changed.Count == 0
        ? null
        : $"{Changed.Count} file(s) changed after listing and stay pending for the next pass: {string.Join(", ", Changed.Order(StringComparer.Ordinal).Take(5))}{(Changed.Count > 5 ? ", …" : "")}";

    /// <summary>A published chunk's counts and ties (the first <see cref="ConflictRecord.KeptPerRun"/> ties are kept).</summary>
    public void Add(PlanCounts counts, IReadOnlyList<TieConflict> conflicts)
    {
        _counts += counts;
        _ties += conflicts.Count;
        _coarseTies += conflicts.Count(c => c.Coarse);
        _conflicts.AddRange(conflicts.Take(ConflictRecord.KeptPerRun - _conflicts.Count).Select(ConflictRecord.From));
    }

    public RunRecord Build(LoadOutcome outcome, string? error, DateTimeOffset finished) => new()
    {
        LoadId = LoadId,
        Stream = Stream,
        Owner = owner,
        Started = started,
        Finished = finished,
        Outcome = outcome,
        FilesSeen = FilesSeen,
        FilesAlreadyLoaded = FilesAlreadyLoaded,
        FilesCommitted = FilesCommitted,
        FilesQuarantined = FilesQuarantined,
        RowsRead = RowsRead,
        Counts = _counts,
        TieConflicts = _ties,
        CoarseTieConflicts = _coarseTies,
        Conflicts = [.. _conflicts],
        Error = error,
    };
}
