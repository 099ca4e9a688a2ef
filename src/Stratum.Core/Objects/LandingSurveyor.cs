using Stratum.Names;

namespace Stratum.Objects;

/// <summary>
/// Walks the landing root for <see cref="LandingSurvey"/>: one <see cref="IObjectStore.ListFolderAsync"/>
/// of the root, then one of <c>{tenant}/canonical/</c> per tenant folder worth looking into (a valid
/// name, enabled when there is a registry), a few at a time. It never lists inside a table folder:
/// the cost grows with tenants and tables, not with files (S3: about one request per folder), and
/// files inside a stream's folder are seen by the stream's own listing.
/// </summary>
public sealed class LandingSurveyor(IObjectStore objects)
{
    /// <summary>Tenant folders walked at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>
    /// Walks and classifies. <paramref name="enabled"/> is the registry's tenants, or null when the
    /// tenants are the folders that hold <c>canonical/</c>.
    /// </summary>
    public async Task<LandingSurveyResult> SurveyAsync(IReadOnlySet<TenantId>? enabled, IReadOnlySet<Identifier> contracts, string registry, CancellationToken ct)
        => LandingSurvey.Classify(await WalkAsync(enabled, ct), enabled, contracts, registry);

    public async Task<LandingListing> WalkAsync(IReadOnlySet<TenantId>? enabled, CancellationToken ct)
    {
        var rootFiles = new List<string>();
        var folders = new List<string>();
        await foreach (var e in objects.ListFolderAsync("", ct))
        {
            (e.IsFolder ? folders : rootFiles).Add(e.Name);
        }
        var canonical = new IReadOnlyList<FolderEntry>?[folders.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, folders.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Parallelism), CancellationToken = ct },
            async (i, token) =>
            {
                if (!TenantId.TryParse(folders[i], out var tenant, out _) || (enabled is not null && !enabled.Contains(tenant)))
                {
                    return;
                }
                var entries = new List<FolderEntry>();
                await foreach (var e in objects.ListFolderAsync($"{folders[i]}/{LandingSurvey.Canonical}/", token))
                {
                    entries.Add(e);
                }
                canonical[i] = entries;
            });
        return new LandingListing(rootFiles, [.. folders.Select((f, i) => new LandingListing.Folder(f, canonical[i]))]);
    }
}
