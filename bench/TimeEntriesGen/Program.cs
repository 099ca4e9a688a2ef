using System.Globalization;
using Stratum.Contracts;
using Stratum.Formats.Writing;

// Writes ROWS time_entries rows (each id once: an initial load) as one Parquet file, deterministic.
//   dotnet TimeEntriesGen.dll CONTRACT.yaml ROWS OUT.parquet
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: TimeEntriesGen CONTRACT.yaml ROWS OUT.parquet");
    return 2;
}
var contract = ContractLoader.LoadFile(args[0]);
var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
var start = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
string[] members = ["Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eli Cohen", "Fatima Zahra", "Greg Olsen", "Hana Sato"];
string[] companies = ["Site Technology", "Northwind Traders", "Contoso Ltd", "Fabrikam", "Tailspin Toys", "Wide World Importers"];
string[] notes = ["Reset MFA for user", "Patched firewall firmware", "Replaced failing SSD", "Onboarded new hire", "Investigated slow VPN", "Renewed TLS certificates"];

object? Value(ColumnSpec column, int i)
{
    var name = column.Name.Value;
    if (column.Nullable && i % 11 == (name.Length % 11))
    {
        return null;
    }
    var begin = start.AddMinutes(i % 40_000);
    return name switch
    {
        "id" => $"te-{i:D8}",
        "source_id" => i.ToString(CultureInfo.InvariantCulture),
        "source_system" => "connectwise",
        "company_name" => companies[i % companies.Length],
        "member_name" or "entered_by" or "last_updated_by" => members[i % members.Length],
        "notes" => $"{notes[i % notes.Length]} (ticket {i % 9973})",
        "internal_notes" => i % 3 == 0 ? "billable per agreement" : "",
        "billable_option" => (i % 3) switch { 0 => "Billable", 1 => "DoNotBill", _ => "NoCharge" },
        "time_start" => begin,
        "time_end" => begin.AddMinutes(15 + (i % 120)),
        "date_entered" => begin.AddMinutes(130),
        "last_updated" => begin.AddMinutes(131).AddSeconds(i % 60),
        _ => column.Type.Kind switch
        {
            ColumnKind.String => $"{name}-{i % 977}",
            ColumnKind.Float64 => (i % 800) / 100.0,
            ColumnKind.Timestamp => begin,
            ColumnKind.Int64 => (long)i,
            ColumnKind.Bool => i % 2 == 0,
            ColumnKind.Date => DateOnly.FromDateTime(begin),
            ColumnKind.Decimal => (i % 100_000) / 100m,
            _ => throw new InvalidOperationException($"no generator for {column.Type}"),
        },
    };
}

IEnumerable<object?[]> Rows()
{
    for (var i = 0; i < rows; i++)
    {
        var row = new object?[contract.Columns.Length];
        for (var c = 0; c < row.Length; c++)
        {
            row[c] = Value(contract.Columns[c], i);
        }
        yield return row;
    }
}

await using var file = File.Create(args[2]);
await ParquetFileWriter.WriteAsync(file, contract, Rows(), CancellationToken.None);
return 0;
