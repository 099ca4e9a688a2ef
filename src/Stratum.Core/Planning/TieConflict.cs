namespace Stratum.Planning;

/// <summary>
/// Two different versions (or a version and a delete) of one key at the same event time. The
/// winner is chosen by a rule that does not depend on arrival order: a delete beats a version,
/// and among versions the greater hash (ordinal) wins. The loser is dropped and reported here.
/// <see cref="Coarse"/>: the times were equal only at the warehouse's resolution (a file had a
/// finer time, e.g. 10:00:00.7 on a warehouse that keeps seconds), so the later version may be the
/// one that lost; <see cref="LoserTimeInFile"/> and <see cref="WinnerTimeInFile"/> are the times as
/// the files had them, when known.
/// </summary>
public sealed record TieConflict(
    RowKey Key,
    DateTime EventTime,
    string WinnerHash,
    string LoserHash,
    string LoserSourceFile,
    bool Coarse = false,
    DateTime? LoserTimeInFile = null,
    DateTime? WinnerTimeInFile = null)
{
    public const string DeleteHash = "(delete)";
}
