using Stratum.State;

namespace Stratum.Loading;

/// <summary>Why a run stops before its last batch, and what its record says (a batch that returns none lets the run go on).</summary>
internal sealed record RunEnd(LoadOutcome Outcome, string? Error);
