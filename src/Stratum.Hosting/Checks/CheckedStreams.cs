using Stratum.Monitoring;

namespace Stratum.Hosting.Checks;

/// <summary>What a check pass measured (<see cref="HealthReport"/>, shown by the dashboard and the gauges) and its verdicts.</summary>
public sealed record CheckedStreams(HealthReport Report, CheckRun Run);
