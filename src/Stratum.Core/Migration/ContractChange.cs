namespace Stratum.Migration;

/// <summary>
/// One difference between the contract a table was written under and the contract now: what
/// changed, in words (<see cref="Text"/>, e.g. <c>column amount: int64 → decimal(18,2)</c>), and,
/// when <c>stratum migrate</c> cannot derive the table's history under the new contract from the
/// rows it holds, why not and what to do instead (<see cref="Blocker"/>).
/// </summary>
public sealed record ContractChange(string Subject, string Text, string? Blocker = null)
{
    public bool Blocks => Blocker is not null;
}
