using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// Reads ClickHouse error answers and decides which are worth retrying. 18.16 puts the code only
/// in the body (<c>Code: 60, e.displayText() = DB::Exception: …</c>); newer servers also send the
/// <c>X-ClickHouse-Exception-Code</c> header and end the text with the code's name and version.
/// </summary>
public static partial class ClickHouseErrors
{
    public const int SyntaxError = 62;
    public const int UnknownTable = 60;
    public const int UnknownDatabase = 81;
    public const int TimeoutExceeded = 159;
    public const int TooManyParts = 252;
    public const int MemoryLimitExceeded = 241;

    /// <summary>Codes after which the same request can succeed: overload, limits that clear, network, replicas, cancels.</summary>
    private static readonly FrozenDictionary<int, string> Transient = new Dictionary<int, string>
    {
        [3] = "UNEXPECTED_END_OF_FILE",
        [32] = "ATTEMPT_TO_READ_AFTER_EOF",
        [159] = "TIMEOUT_EXCEEDED",
        [160] = "TOO_SLOW",
        [202] = "TOO_MANY_SIMULTANEOUS_QUERIES",
        [203] = "NO_FREE_CONNECTION",
        [209] = "SOCKET_TIMEOUT",
        [210] = "NETWORK_ERROR",
        [236] = "ABORTED",
        [241] = "MEMORY_LIMIT_EXCEEDED",
        [242] = "TABLE_IS_READ_ONLY",
        [252] = "TOO_MANY_PARTS",
        [285] = "TOO_FEW_LIVE_REPLICAS",
        [286] = "UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE",
        [319] = "UNKNOWN_STATUS_OF_INSERT",
        [373] = "SESSION_IS_LOCKED",
        [394] = "QUERY_WAS_CANCELLED",
        [425] = "SYSTEM_ERROR",
        [439] = "CANNOT_SCHEDULE_TASK",
        [473] = "DEADLOCK_AVOIDED",
        [999] = "KEEPER_EXCEPTION",
        [1000] = "POCO_EXCEPTION",
    }.ToFrozenDictionary();

    public static bool IsTransientCode(int code) => Transient.ContainsKey(code);

    /// <summary>Statuses a proxy or load balancer answers while the server is busy or restarting.</summary>
    public static bool IsTransientStatus(int httpStatus) => httpStatus is 408 or 429 or 502 or 503 or 504;

    /// <summary>The server's code (header first, then the body) and a cleaned-up message.</summary>
    public static (int? Code, string Message) Parse(string? headerCode, string body)
    {
        int? code = null;
        if (int.TryParse(headerCode, NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            code = h;
        }
        var m = CodeInBody().Match(body);
        if (code is null && m.Success)
        {
            code = int.Parse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        var text = m.Success ? body[(m.Index + m.Length)..].TrimStart(',', '.', ' ') : body.Trim();
        text = text.Replace("e.displayText() = ", "", StringComparison.Ordinal);
        text = TrailingWhat().Replace(text, "");
        if (text.Length > 4000)
        {
            text = text[..4000] + "…";
        }
        return (code, text.Trim());
    }

    /// <summary>Decides transience from the code when there is one, else from the HTTP status.</summary>
    public static bool IsTransient(int? code, int httpStatus)
        => code is { } c ? IsTransientCode(c) : IsTransientStatus(httpStatus) || httpStatus >= 500 && httpStatus != 501;

    [GeneratedRegex(@"(?:^|\n)\s*Code:\s*(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex CodeInBody();

    [GeneratedRegex(@",\s*e\.what\(\)\s*=\s*[\w:]+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingWhat();
}
