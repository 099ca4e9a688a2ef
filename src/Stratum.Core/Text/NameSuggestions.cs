namespace Stratum.Text;

/// <summary>
/// Finds the existing name a person most likely meant: the one that shares the most
/// underscore-separated words (so <c>created_date</c> is offered for <c>date_entered</c>), then the
/// smallest edit distance (so <c>last_updatd</c> finds <c>last_updated</c>).
/// </summary>
public static class NameSuggestions
{
    public static string? Closest(string wanted, IEnumerable<string> candidates)
    {
        var wantedWords = Words(wanted);
        string? best = null;
        (int Shared, int Distance) bestScore = (0, int.MaxValue);
        foreach (var c in candidates)
        {
            if (string.Equals(c, wanted, StringComparison.Ordinal))
            {
                continue;
            }
            var shared = Words(c).Intersect(wantedWords, StringComparer.Ordinal).Count();
            var distance = Distance(wanted.ToLowerInvariant(), c.ToLowerInvariant());
            var closeByEdit = distance <= Math.Max(2, wanted.Length / 3);
            if (shared == 0 && !closeByEdit)
            {
                continue;
            }
            if (shared > bestScore.Shared || (shared == bestScore.Shared && distance < bestScore.Distance)
                || (shared == bestScore.Shared && distance == bestScore.Distance && string.CompareOrdinal(c, best) < 0))
            {
                best = c;
                bestScore = (shared, distance);
            }
        }
        return best;
    }

    private static HashSet<string> Words(string name)
    {
        // snake_case and camelCase both split into lower-case words.
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        foreach (var ch in name)
        {
            if (ch is '_' or '-' or '.' or ' ' || (char.IsUpper(ch) && current.Length > 0))
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
                if (!char.IsUpper(ch))
                {
                    continue;
                }
            }
            current.Append(char.ToLowerInvariant(ch));
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    /// <summary>Levenshtein distance, two rows of memory.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
