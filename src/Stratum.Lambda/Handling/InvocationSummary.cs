using Stratum.Objects;
using Stratum.State;

namespace Stratum.Lambda.Handling;

/// <summary>
/// An invocation's answer: what it was asked (<see cref="Event"/>: scheduled, tenant, s3), one run
/// record per stream it loaded (as <c>stratum run --json</c> prints them), the keys of an S3 event
/// that belong to no stream with the reason, and for a scheduled pass what landed that will never
/// be loaded. <see cref="StoppedForDeadline"/>: the pass stopped between batches before the
/// invocation's deadline and left files pending for the next one.
/// </summary>
internal sealed record InvocationSummary(
    string Event,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<IgnoredKey> Ignored,
    IReadOnlyList<UnloadableObject> Unloadable,
    bool StoppedForDeadline);
