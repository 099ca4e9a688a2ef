using System.Collections.Immutable;
using System.Globalization;
using Stratum.Names;
using Stratum.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stratum.Contracts;

/// <summary>
/// Reads a contract file (YAML; format in docs/contracts.md) and validates it. Every problem is
/// reported with the file, the field and the line, not just the first one.
/// </summary>
public static class ContractLoader
{
    private static readonly string[] KnownFields =
        ["table", "scd_type", "key", "event_time", "tracked", "tombstone", "snapshot", "renames", "unknown_columns", "missing_columns", "scd_columns", "columns", "description"];

    public static TableContract LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ContractException([new ContractProblem(path, "(file)", e.Message)]);
        }
        return Parse(text, path);
    }

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> in a folder; problems from all files are reported together.</summary>
    public static IReadOnlyList<TableContract> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ContractException([new ContractProblem(folder, "(folder)", "contracts folder does not exist")]);
        }
        var files = Directory.EnumerateFiles(folder, "*.y*ml").Order(StringComparer.Ordinal).ToList();
        var contracts = new List<TableContract>();
        var problems = new List<ContractProblem>();
        foreach (var f in files)
        {
            try
            {
                contracts.Add(LoadFile(f));
            }
            catch (ContractException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        foreach (var dup in contracts.GroupBy(c => c.Table).Where(g => g.Count() > 1))
        {
            problems.Add(new ContractProblem(folder, "table", $"'{dup.Key}' is declared by more than one file"));
        }
        return problems.Count > 0 ? throw new ContractException(problems) : contracts;
    }

    public static TableContract Parse(string yaml, string source)
    {
        var problems = new List<ContractProblem>();
        var result = TryParse(yaml, source, problems);
        return result ?? throw new ContractException(problems);
    }

    public static TableContract? TryParse(string yaml, string source, List<ContractProblem> problems)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                problems.Add(new ContractProblem(source, "(document)", "expected a mapping with table, key, columns …"));
                return null;
            }
            root = m;
        }
        catch (YamlException e)
        {
            problems.Add(new ContractProblem(source, "(syntax)", e.InnerException?.Message ?? e.Message, (int)e.Start.Line));
            return null;
        }

        void Problem(YamlNode? node, string field, string message)
            => problems.Add(new ContractProblem(source, field, message, node is null ? 0 : (int)node.Start.Line));

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!KnownFields.Contains(name))
            {
                Problem(k, name, $"unknown field{Hint(name, KnownFields)}");
                continue;
            }
            fields[name] = v;
        }
        string? Scalar(string field)
        {
            if (!fields.TryGetValue(field, out var node))
            {
                return null;
            }
            if (node is YamlScalarNode s)
            {
                return s.Value;
            }
            Problem(node, field, "expected a single value");
            return null;
        }
        Identifier? Ident(string field, string? text, YamlNode? node)
        {
            if (text is null)
            {
                return null;
            }
            if (Identifier.TryParse(text, out var id, out var error, "name"))
            {
                return id;
            }
            Problem(node, field, error);
            return null;
        }
        ImmutableArray<Identifier>? IdentList(string field)
        {
            if (!fields.TryGetValue(field, out var node))
            {
                return null;
            }
            var items = node switch
            {
                YamlSequenceNode seq => seq.Children.ToList(),
                YamlScalarNode s => [s],
                _ => null,
            };
            if (items is null)
            {
                Problem(node, field, "expected a name or a list of names");
                return null;
            }
            var list = new List<Identifier>();
            foreach (var item in items)
            {
                if (Ident(field, (item as YamlScalarNode)?.Value ?? "", item) is { } id)
                {
                    list.Add(id);
                }
            }
            return [.. list];
        }

        var tableText = Scalar("table");
        if (tableText is null)
        {
            Problem(null, "table", "is missing; name the target table");
        }
        var table = Ident("table", tableText, fields.GetValueOrDefault("table"));

        var scdType = 2;
        if (Scalar("scd_type") is { } st)
        {
            if (!int.TryParse(st, NumberStyles.None, CultureInfo.InvariantCulture, out scdType))
            {
                Problem(fields["scd_type"], "scd_type", $"'{st}' is not 1 or 2");
            }
        }

        var columns = new List<ColumnSpec>();
        var badColumns = new List<string>();
        if (!fields.TryGetValue("columns", out var colsNode))
        {
            Problem(null, "columns", "is missing; declare each column as `name: type` (append ? for nullable)");
        }
        else if (colsNode is not YamlMappingNode colsMap)
        {
            Problem(colsNode, "columns", "expected a mapping of `name: type`");
        }
        else
        {
            foreach (var (k, v) in colsMap.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                var id = Ident($"columns.{name}", name, k);
                var typeText = (v as YamlScalarNode)?.Value?.Trim() ?? "";
                var nullable = typeText.EndsWith('?');
                if (nullable)
                {
                    typeText = typeText[..^1];
                }
                if (!ColumnType.TryParse(typeText, out var type, out var typeError))
                {
                    Problem(v, $"columns.{name}", typeError!);
                    badColumns.Add(name);
                    type = ColumnType.String; // a stand-in, so the other rules can still be checked
                }
                if (id is { } ok)
                {
                    columns.Add(new ColumnSpec(ok, type, nullable));
                }
            }
        }

        var key = IdentList("key");
        if (key is null && !fields.ContainsKey("key"))
        {
            Problem(null, "key", "is missing; name the business key column(s), e.g. key: [id]");
        }

        var eventSource = EventTimeSource.Column;
        Identifier? eventColumn = null;
        switch (Scalar("event_time"))
        {
            case null when !fields.ContainsKey("event_time"):
                Problem(null, "event_time", "is missing; name the column that orders versions (e.g. last_updated), or file:modified / file:key");
                break;
            case null:
                break;
            case "file:modified":
                eventSource = EventTimeSource.FileModified;
                break;
            case "file:key":
                eventSource = EventTimeSource.FileKey;
                break;
            case var col:
                eventColumn = Ident("event_time", col, fields["event_time"]);
                break;
        }

        var tracked = IdentList("tracked");
        var tombstone = Ident("tombstone", Scalar("tombstone"), fields.GetValueOrDefault("tombstone"));

        var snapshot = false;
        if (Scalar("snapshot") is { } snap && !bool.TryParse(snap, out snapshot))
        {
            Problem(fields["snapshot"], "snapshot", $"'{snap}' is not true or false");
        }

        var unknown = UnknownColumnPolicy.Ignore;
        switch (Scalar("unknown_columns"))
        {
            case null or "ignore":
                break;
            case "reject":
                unknown = UnknownColumnPolicy.Reject;
                break;
            case var other:
                Problem(fields["unknown_columns"], "unknown_columns", $"'{other}' is not ignore or reject");
                break;
        }

        var missing = MissingColumnPolicy.Reject;
        switch (Scalar("missing_columns"))
        {
            case null or "reject":
                break;
            case "null":
                missing = MissingColumnPolicy.Null;
                break;
            case var other:
                Problem(fields["missing_columns"], "missing_columns", $"'{other}' is not reject or null");
                break;
        }

        var renames = ImmutableDictionary.CreateBuilder<string, Identifier>(StringComparer.Ordinal);
        if (fields.TryGetValue("renames", out var renNode))
        {
            if (renNode is YamlMappingNode renMap)
            {
                foreach (var (k, v) in renMap.Children)
                {
                    var from = (k as YamlScalarNode)?.Value ?? "";
                    if (Ident($"renames.{from}", (v as YamlScalarNode)?.Value ?? "", v) is { } to)
                    {
                        renames[from] = to;
                    }
                }
            }
            else
            {
                Problem(renNode, "renames", "expected a mapping of `input_name: column`");
            }
        }

        var scd = ScdColumns.Default;
        if (fields.TryGetValue("scd_columns", out var scdNode))
        {
            if (scdNode is YamlMappingNode scdMap)
            {
                foreach (var (k, v) in scdMap.Children)
                {
                    var role = (k as YamlScalarNode)?.Value ?? "";
                    if (Ident($"scd_columns.{role}", (v as YamlScalarNode)?.Value ?? "", v) is not { } name)
                    {
                        continue;
                    }
                    scd = role switch
                    {
                        "tenant_id" => scd with { TenantId = name },
                        "effective_date" => scd with { EffectiveDate = name },
                        "expiration_date" => scd with { ExpirationDate = name },
                        "is_current" => scd with { IsCurrent = name },
                        "data_hash" => scd with { DataHash = name },
                        "record_version" => scd with { RecordVersion = name },
                        "source_file" => scd with { SourceFile = name },
                        "load_id" => scd with { LoadId = name },
                        "hidden" => scd with { Hidden = name },
                        _ => Unknown(k, role),
                    };
                }
            }
            else
            {
                Problem(scdNode, "scd_columns", "expected a mapping of `role: column_name`");
            }
        }
        ScdColumns Unknown(YamlNode node, string role)
        {
            Problem(node, $"scd_columns.{role}", "unknown role" + Hint(role, ScdColumns.Default.All().Select(a => a.Role)));
            return scd;
        }

        if (table is not { } t || key is not { } k2)
        {
            return null;
        }
        var before = problems.Count;
        var contract = TableContract.TryCreate(t, [.. columns], k2, eventSource, eventColumn, tracked, scdType, tombstone, snapshot,
            renames.ToImmutable(), unknown, missing, scd, source, problems);
        // A column whose type did not parse stood in as a string: drop what that stand-in caused.
        problems.RemoveAll(p => problems.IndexOf(p) >= before && badColumns.Any(b => p.Message.Contains($"'{b}'", StringComparison.Ordinal)));
        // Field-level problems from validation: point them at the field's line where we can.
        for (var i = before; i < problems.Count; i++)
        {
            var p = problems[i];
            var top = p.Field.Split('.')[0];
            if (p.Line == 0 && fields.TryGetValue(top, out var node))
            {
                problems[i] = p with { Line = (int)node.Start.Line };
            }
        }
        return problems.Count > 0 ? null : contract;
    }

    internal static string Suggest(string wanted, IEnumerable<string> names)
        => NameSuggestions.Closest(wanted, names) is { } s ? $" (did you mean '{s}'?)" : "";

    private static string Hint(string wanted, IEnumerable<string> names) => Suggest(wanted, names);
}
