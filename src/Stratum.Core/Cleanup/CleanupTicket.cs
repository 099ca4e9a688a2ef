using Stratum.Audit;
using Stratum.Names;

namespace Stratum.Cleanup;

/// <summary>One cleanup about to run: its id, kind, table, time, and the table's checksum before it.</summary>
public sealed record CleanupTicket(string Id, CleanupKind Kind, Identifier Table, DateTime At, TableChecksum Before);
