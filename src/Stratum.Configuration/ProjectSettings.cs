using System.Globalization;
using Stratum.Breaking;
using Stratum.Monitoring;
using YamlDotNet.RepresentationModel;

namespace Stratum.Configuration;

/// <summary>
/// The resolved settings of a project: from the project file (<c>stratum.yaml</c>), overridden by
/// environment variables, overridden by command-line options. Relative paths in adapter URLs
/// resolve against the project file's folder. Format: docs/configuration.md.
/// </summary>
public sealed record ProjectSettings
{
    public const string FileName = "stratum.yaml";

    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();
    public string? ProjectFile { get; init; }
    public string Objects { get; init; } = "file://./landing";
    public string State { get; init; } = "sqlite://./.stratum/state.db";
    public string Warehouse { get; init; } = "duckdb://./.stratum/warehouse.duckdb";
    public string Tenants { get; init; } = "auto";
    public string Contracts { get; init; } = "./contracts";
    public int Parallel { get; init; } = 4;
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromMinutes(2);
    public long BatchBytes { get; init; } = 64L * 1024 * 1024;
    public long BatchRows { get; init; } = 100_000;
    public string? SpillDirectory { get; init; }

    /// <summary>Thresholds of <c>stratum check</c> for every stream (the <c>check:</c> section).</summary>
    public CheckThresholds Check { get; init; } = CheckThresholds.Default;

    /// <summary>Per-table thresholds (<c>check.tables.TABLE.*</c>), each starting from <see cref="Check"/>.</summary>
    public IReadOnlyDictionary<string, CheckThresholds> CheckTables { get; init; } = new Dictionary<string, CheckThresholds>();

    /// <summary>When a stream's circuit breaker opens and how long passes skip it (the <c>breaker:</c> section).</summary>
    public BreakerPolicy Breaker { get; init; } = BreakerPolicy.Default;

    /// <summary>Where <c>stratum check</c> posts an alert when a check fails. A secret: prefer the variable.</summary>
    public string? Webhook { get; init; }

    public CheckThresholds ThresholdsFor(string table) => CheckTables.TryGetValue(table, out var t) ? t : Check;

    /// <summary>The thresholds as the checks take them.</summary>
    public Hosting.Checks.CheckPolicy Checks => new(Check, CheckTables);

    /// <summary>The variables that override the file, by setting.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentVariables = new Dictionary<string, string>
    {
        ["objects"] = "STRATUM_OBJECTS",
        ["state"] = "STRATUM_STATE",
        ["warehouse"] = "STRATUM_WAREHOUSE",
        ["tenants"] = "STRATUM_TENANTS",
        ["contracts"] = "STRATUM_CONTRACTS",
        ["load.parallel"] = "STRATUM_PARALLEL",
        ["load.lease_ttl"] = "STRATUM_LEASE_TTL",
        ["load.batch_bytes"] = "STRATUM_BATCH_BYTES",
        ["load.batch_rows"] = "STRATUM_BATCH_ROWS",
        ["load.spill_dir"] = "STRATUM_SPILL_DIR",
        ["check.max_lag"] = "STRATUM_CHECK_MAX_LAG",
        ["check.max_duplicates"] = "STRATUM_CHECK_MAX_DUPLICATES",
        ["check.max_violations"] = "STRATUM_CHECK_MAX_VIOLATIONS",
        ["check.min_success_rate"] = "STRATUM_CHECK_MIN_SUCCESS_RATE",
        ["check.success_window"] = "STRATUM_CHECK_SUCCESS_WINDOW",
        ["check.max_quarantined"] = "STRATUM_CHECK_MAX_QUARANTINED",
        ["check.max_tie_conflicts"] = "STRATUM_CHECK_MAX_TIE_CONFLICTS",
        ["check.max_latency"] = "STRATUM_CHECK_MAX_LATENCY",
        ["check.max_unloadable"] = "STRATUM_CHECK_MAX_UNLOADABLE",
        ["check.webhook"] = "STRATUM_CHECK_WEBHOOK",
        ["breaker.failures"] = "STRATUM_BREAKER_FAILURES",
        ["breaker.backoff"] = "STRATUM_BREAKER_BACKOFF",
        ["breaker.max_backoff"] = "STRATUM_BREAKER_MAX_BACKOFF",
        ["breaker.jitter"] = "STRATUM_BREAKER_JITTER",
    };

    public string ContractsPath => Path.GetFullPath(Path.Combine(BaseDirectory, Contracts));

    public static ProjectSettings Load(string? projectPath, Func<string, string?> env)
    {
        projectPath ??= env("STRATUM_PROJECT");
        if (projectPath is null && File.Exists(FileName))
        {
            projectPath = FileName;
        }
        var settings = new ProjectSettings();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal); // where each value came from: file:line or the variable
        if (projectPath is not null)
        {
            if (Directory.Exists(projectPath))
            {
                projectPath = Path.Combine(projectPath, FileName);
            }
            var full = Path.GetFullPath(projectPath);
            if (!File.Exists(full))
            {
                throw new ConfigException($"project file {full} does not exist (create one with `stratum init`)");
            }
            ReadFile(full, values, origins);
            settings = settings with { ProjectFile = full, BaseDirectory = Path.GetDirectoryName(full)! };
        }
        foreach (var (setting, variable) in EnvironmentVariables)
        {
            if (env(variable) is { Length: > 0 } v)
            {
                values[setting] = v;
                origins[setting] = variable;
            }
        }
        return settings.With(values, origins);
    }

    private ProjectSettings With(Dictionary<string, string> values, Dictionary<string, string> origins)
    {
        var s = this;
        foreach (var (k, v) in values.Where(e => !e.Key.StartsWith(CheckSettings.TablesPrefix, StringComparison.Ordinal)))
        {
            var source = origins[k];
            s = k switch
            {
                "objects" => s with { Objects = v },
                "state" => s with { State = v },
                "warehouse" => s with { Warehouse = v },
                "tenants" => s with { Tenants = v },
                "contracts" => s with { Contracts = v },
                "load.parallel" => s with { Parallel = int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : throw new ConfigException($"{source}: load.parallel '{v}' is not a positive whole number") },
                "load.lease_ttl" => s with { LeaseTtl = Durations.Parse(v, $"{source}: load.lease_ttl") },
                "load.batch_bytes" => s with { BatchBytes = Sizes.Parse(v, $"{source}: load.batch_bytes") },
                "load.batch_rows" => s with { BatchRows = long.TryParse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : throw new ConfigException($"{source}: load.batch_rows '{v}' is not a positive whole number") },
                "load.spill_dir" => s with { SpillDirectory = v },
                "check.webhook" => s with { Webhook = v },
                _ when k.StartsWith("check.", StringComparison.Ordinal) => s with { Check = CheckSettings.Apply(s.Check, k["check.".Length..], v, $"{source}: {k}") },
                _ when k.StartsWith(BreakerSettings.Prefix, StringComparison.Ordinal) => s with { Breaker = BreakerSettings.Apply(s.Breaker, k[BreakerSettings.Prefix.Length..], v, $"{source}: {k}") },
                _ => throw new ConfigException($"{source}: unknown setting '{k}'"),
            };
        }
        var tables = new Dictionary<string, CheckThresholds>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
        {
            if (CheckSettings.IsPerTable(k, out var table, out var name))
            {
                tables[table] = CheckSettings.Apply(tables.GetValueOrDefault(table, s.Check), name, v, $"{origins[k]}: {k}");
            }
        }
        s = s with { Breaker = BreakerSettings.Checked(s.Breaker, origins.GetValueOrDefault("breaker.max_backoff") ?? origins.GetValueOrDefault("breaker.backoff") ?? "defaults") };
        return tables.Count > 0 ? s with { CheckTables = tables } : s;
    }

    private static void ReadFile(string path, Dictionary<string, string> values, Dictionary<string, string> origins)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"{path}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        if (yaml.Documents.Count == 0)
        {
            return;
        }
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException($"{path}: expected a mapping (objects:, state:, warehouse:, …)");
        }
        foreach (var (k, v) in root.Children)
        {
            Add(((YamlScalarNode)k).Value!, v, k);
        }

        void Add(string setting, YamlNode value, YamlNode at)
        {
            if (value is YamlMappingNode section)
            {
                foreach (var (k2, v2) in section.Children)
                {
                    Add($"{setting}.{((YamlScalarNode)k2).Value}", v2, k2);
                }
                return;
            }
            if (!EnvironmentVariables.ContainsKey(setting) && !CheckSettings.IsPerTable(setting, out _, out _))
            {
                throw new ConfigException($"{path}:{at.Start.Line}: unknown setting '{setting}'; known: {string.Join(", ", EnvironmentVariables.Keys)}");
            }
            origins[setting] = $"{path}:{at.Start.Line}";
            values[setting] = value switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode seq => string.Join(",", seq.Children.Select(c => ((YamlScalarNode)c).Value)),
                _ => throw new ConfigException($"{path}:{at.Start.Line}: '{setting}' expects a value"),
            };
        }
    }
}
