using ParquetSharp;

namespace Stratum.Formats.Tests.Parquet;

/// <summary>Writes Parquet files column by column with ParquetSharp itself: the types other writers produce.</summary>
public static class NativeParquet
{
    public static readonly DateTime T0 = TestFiles.T0;

    /// <summary>One row group: <c>id</c> (string) and <c>updated_at</c> (timestamp micros, UTC) for each row, then the given columns.</summary>
    public static string Write(string path, params (Column Column, Array Values)[] columns)
    {
        var rows = columns.Length == 0 ? 2 : columns[0].Values.Length;
        (Column, Array)[] all =
        [
            (new Column<string>("id"), Enumerable.Range(1, rows).Select(i => $"k{i}").ToArray()),
            (new Column<DateTime>("updated_at", LogicalType.Timestamp(true, TimeUnit.Micros)), Enumerable.Range(1, rows).Select(i => T0.AddMinutes(i)).ToArray()),
            .. columns,
        ];
        using (var file = new ParquetFileWriter(path, [.. all.Select(c => c.Item1)]))
        {
            using var rowGroup = file.AppendRowGroup();
            foreach (var (_, values) in all)
            {
                using var column = rowGroup.NextColumn();
                typeof(NativeParquet).GetMethod(nameof(WriteColumn), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(values.GetType().GetElementType()!).Invoke(null, [column, values]);
            }
            file.Close();
        }
        return path;
    }

    private static void WriteColumn<T>(ColumnWriter column, T[] values)
    {
        using var writer = column.LogicalWriter<T>();
        writer.WriteBatch(values);
    }
}
