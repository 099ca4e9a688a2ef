using System.Text.Json.Serialization;

namespace Stratum.State;

/// <summary>
/// Serialization metadata for the run log, generated at build time instead of found by reflection
/// at run time: every run writes one record, and a short-lived process (a worker that finds the
/// lease held, a no-op run) otherwise spends tens of milliseconds building that metadata. Naming
/// and converters come from the options it is used with (<see cref="RunRecordJson"/>, the CLI's
/// printer).
/// </summary>
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(List<ConflictRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
public sealed partial class StateJsonContext : JsonSerializerContext;
