using Stratum.Contracts;
using Stratum.Reading;
using Stratum.Text;

namespace Stratum.Formats.Mapping;

/// <summary>
/// Binds a file's input columns to the contract: directly by name, or through
/// <see cref="TableContract.Renames"/> (input name → column; a rename wins over a same-named column).
/// Rejects, naming the columns: two input columns for one contract column, a contract column the
/// file lacks (see <see cref="Rejected"/>), and unknown input columns when the contract says
/// <see cref="UnknownColumnPolicy.Reject"/>. A contract column no input fills is left null in every row.
/// </summary>
internal static class ColumnMap
{
    /// <summary>One binding per input column, null where the column is ignored.</summary>
    public static ColumnBinding?[] Bind(string file, IReadOnlyList<string> inputNames, TableContract contract)
    {
        var bindings = new ColumnBinding?[inputNames.Count];
        var boundBy = new string?[contract.Columns.Length];
        var unknown = new List<string>();
        for (var i = 0; i < inputNames.Count; i++)
        {
            var name = inputNames[i];
            var binding = Resolve(contract, name);
            if (binding is null)
            {
                unknown.Add(name);
                continue;
            }
            if (boundBy[binding.Ordinal] is { } earlier)
            {
                throw new FileRejectedException(file, 0, null, string.Equals(earlier, name, StringComparison.Ordinal)
                    ? $"column '{name}' appears twice"
                    : $"columns '{earlier}' and '{name}' both map to contract column '{binding.Spec.Name}'");
            }
            boundBy[binding.Ordinal] = name;
            bindings[i] = binding;
        }
        var unbound = inputNames.Where((_, i) => bindings[i] is null).ToList();
        var missing = Rejected(contract, Enumerable.Range(0, contract.Columns.Length).Where(o => boundBy[o] is null));
        if (missing.Count > 0)
        {
            throw new FileRejectedException(file, 0, null, MissingProblem(contract, missing, unbound));
        }
        if (unknown.Count > 0 && contract.UnknownColumns == UnknownColumnPolicy.Reject)
        {
            throw new FileRejectedException(file, 0, null, UnknownProblem(unknown));
        }
        return bindings;
    }

    /// <summary>
    /// The one place the <c>missing_columns</c> policy is applied, for every format: of the contract
    /// columns a file lacks, those that reject it. A non-nullable column always does (there is no value
    /// to load); a nullable one only under <see cref="MissingColumnPolicy.Reject"/>, else it loads as null.
    /// </summary>
    public static List<int> Rejected(TableContract contract, IEnumerable<int> absent)
        => [.. absent.Where(o => contract.MissingColumns == MissingColumnPolicy.Reject || !contract.Columns[o].Nullable)];

    /// <summary>The contract column an input name fills, or null when the contract does not know it.</summary>
    public static ColumnBinding? Resolve(TableContract contract, string inputName)
    {
        var ordinal = contract.Renames.TryGetValue(inputName, out var target) ? contract.Ordinal(target.Value) : contract.Ordinal(inputName);
        if (ordinal < 0)
        {
            return null;
        }
        string? role = null;
        if (contract.KeyOrdinals.Contains(ordinal))
        {
            role = "a key column";
        }
        else if (contract.EventTimeOrdinal == ordinal)
        {
            role = "the event-time column";
        }
        return new ColumnBinding(inputName, ordinal, contract.Columns[ordinal], role);
    }

    /// <summary><c>column 'date_entered' is missing (did you mean 'created_date'?)</c>; several are listed together.</summary>
    public static string MissingProblem(TableContract contract, IReadOnlyList<int> missing, IReadOnlyCollection<string> unboundInputs)
    {
        var described = missing.Select(o => (Name: contract.Columns[o].Name.Value, Notes: Notes(contract, contract.Columns[o].Name.Value, unboundInputs))).ToList();
        return described.Count == 1
            ? $"column '{described[0].Name}' is missing{described[0].Notes}"
            : $"{described.Count} columns are missing: {string.Join(", ", described.Select(d => $"'{d.Name}'{d.Notes}"))}";
    }

    public static string UnknownProblem(IReadOnlyList<string> unknown)
        => unknown.Count == 1
            ? $"column '{unknown[0]}' is not in the contract, which rejects unknown columns (add it to the contract's columns or renames)"
            : $"columns {string.Join(", ", unknown.Select(u => $"'{u}'"))} are not in the contract, which rejects unknown columns (add them to the contract's columns or renames)";

    private static string Notes(TableContract contract, string column, IReadOnlyCollection<string> unboundInputs)
    {
        var notes = new List<string>();
        var aliases = contract.Renames.Where(r => r.Value.Value == column).Select(r => $"'{r.Key}'").Order(StringComparer.Ordinal).ToList();
        if (aliases.Count > 0)
        {
            notes.Add($"nor its rename {string.Join(" or ", aliases)}");
        }
        if (NameSuggestions.Closest(column, unboundInputs) is { } suggestion)
        {
            notes.Add($"did you mean '{suggestion}'?");
        }
        return notes.Count == 0 ? "" : $" ({string.Join("; ", notes)})";
    }
}
