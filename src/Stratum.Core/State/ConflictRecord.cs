using Stratum.Planning;

namespace Stratum.State;

/// <summary>
/// A tie conflict as the run log keeps it (<see cref="TieConflict"/>): the key, the event time at
/// the warehouse's resolution, the winning and the dropped version's hash (<c>(delete)</c> for a
/// delete), the file the dropped one came from, and whether the tie was only at the warehouse's
/// resolution (<see cref="Coarse"/>; the times as the files had them, when known).
/// </summary>
public sealed record ConflictRecord(
    string Key,
    DateTimeOffset EventTime,
    string WinnerHash,
    string LoserHash,
    string LoserFile,
    bool Coarse,
    DateTimeOffset? LoserTimeInFile,
    DateTimeOffset? WinnerTimeInFile)
{
    /// <summary>A run keeps at most this many (its <c>tie_conflicts</c> count has them all).</summary>
    public const int KeptPerRun = 100;

    public static ConflictRecord From(TieConflict c) => new(
        c.Key.ToString(), Utc(c.EventTime), c.WinnerHash, c.LoserHash, c.LoserSourceFile, c.Coarse,
        c.LoserTimeInFile is { } l ? Utc(l) : null, c.WinnerTimeInFile is { } w ? Utc(w) : null);

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc), TimeSpan.Zero);
}
