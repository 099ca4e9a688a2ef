namespace Stratum.Simulation;

/// <summary>The example MSP contracts (examples/msp/contracts) that the simulated data fits, embedded for `stratum init`, `stratum demo` and the simulations.</summary>
public static class ExampleContracts
{
    public static IReadOnlyList<(string Name, string Text)> All()
    {
        var asm = typeof(ExampleContracts).Assembly;
        return [.. asm.GetManifestResourceNames()
            .Where(n => n.StartsWith("contracts/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var s = asm.GetManifestResourceStream(n)!;
                using var r = new StreamReader(s);
                return (n["contracts/".Length..], r.ReadToEnd());
            })];
    }

    public static void WriteTo(string folder, bool overwrite)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in All())
        {
            var path = Path.Combine(folder, name);
            if (overwrite || !File.Exists(path))
            {
                File.WriteAllText(path, text);
            }
        }
    }
}
