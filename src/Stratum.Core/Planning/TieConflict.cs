namespace Stratum.Planning;

/// <summary>
/// Two different versions (or a version and a delete) of one key at the same event time. The
/// winner is chosen by a rule that does not depend on arrival order: a delete beats a version,
/// and among versions the greater hash (ordinal) wins. The loser is dropped and reported here.
/// </summary>
public sealed record TieConflict(RowKey Key, DateTime EventTime, string WinnerHash, string LoserHash, string LoserSourceFile)
{
    public const string DeleteHash = "(delete)";
}
