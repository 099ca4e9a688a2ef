namespace Stratum.Simulation.Legacy;

/// <summary>
/// One small tenant (<c>acme</c>) whose entries each break SCD2 history in one way (version =
/// effective date = last_updated, so the in-memory invariant checker reads them the same way):
/// 1 overlap; 2 several current rows (and so an overlap); 3 a gap; 4 an inverted interval (and so a
/// gap); 5 non-current without expiration; 6 current with expiration; 7 effective date in the future;
/// 8 a correct history; 9 one version both current and not; 10 one version with two contents.
/// </summary>
public static class ViolationFixture
{
    public const string Tenant = "acme";

    public static readonly DateTime Start = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime T(int hours) => Start.AddHours(hours);

    public static IEnumerable<TimeEntryRow> Rows(string tenant = Tenant)
    {
        TimeEntryRow R(int entry, int eff, int? exp, bool current, int variant = 0)
            => new(tenant, entry, T(eff), T(eff), exp is { } x ? T(x) : null, current, variant);
        yield return R(1, 0, 5, false);
        yield return R(1, 3, null, true, 1);
        yield return R(2, 0, null, true);
        yield return R(2, 2, null, true, 1);
        yield return R(3, 0, 1, false);
        yield return R(3, 3, null, true, 1);
        yield return R(4, 4, 2, false);
        yield return R(4, 5, null, true, 1);
        yield return R(5, 0, null, false);
        yield return R(6, 0, 1, true);
        var future = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        yield return new TimeEntryRow(tenant, 7, future, future, null, true);
        yield return R(8, 0, 1, false);
        yield return R(8, 1, null, true, 1);
        yield return R(9, 0, 1, false);
        yield return R(9, 0, null, true);
        yield return R(10, 0, 1, false);
        yield return R(10, 0, 1, false, 2);
        yield return R(10, 1, null, true, 1);
    }
}
