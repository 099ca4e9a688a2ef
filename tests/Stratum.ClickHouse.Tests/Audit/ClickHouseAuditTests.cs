using Stratum.Testing.Audit;

namespace Stratum.ClickHouse.Tests.Audit;

public sealed class ClickHouseAuditTests : AuditContractTests
{
    protected override async Task<AuditTarget> CreateAsync() => await ClickHouseAuditTarget.CreateAsync();
}
