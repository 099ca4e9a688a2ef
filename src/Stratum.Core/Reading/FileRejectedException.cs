namespace Stratum.Reading;

/// <summary>
/// A file that cannot be loaded as it is: a missing or mistyped column, a null in a non-null
/// column, an unparsable value, a bad format. Permanent: never retried, the file is quarantined
/// with <see cref="Exception.Message"/> as the reason.
/// </summary>
public sealed class FileRejectedException : StratumException
{
    public FileRejectedException() { }

    public FileRejectedException(string message) : base(message) { }

    public FileRejectedException(string message, Exception? inner) : base(message, inner) { }

    /// <param name="file">the object key</param>
    /// <param name="row">1-based data row number, or 0 when the problem is with the file as a whole (e.g. its header)</param>
    /// <param name="column">the input column name, or null</param>
    /// <param name="problem">what is wrong, for a person</param>
    /// <param name="inner">the parser's own exception, if any</param>
    public FileRejectedException(string file, long row, string? column, string problem, Exception? inner = null)
        : base(Format(file, row, column, problem), inner)
    {
        File = file;
        Row = row;
        Column = column;
        Problem = problem;
    }

    public string File { get; } = "";
    public long Row { get; }
    public string? Column { get; }
    public string Problem { get; } = "";

    private static string Format(string file, long row, string? column, string problem)
    {
        var where = row > 0 ? $"{file}: row {row}" : file;
        if (column is not null)
        {
            where += $", column '{column}'";
        }
        return $"{where}: {problem}";
    }
}
