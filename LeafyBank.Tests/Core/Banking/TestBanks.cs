namespace LeafyBank.Tests.Core.Banking;

/// <summary>A bank directory that lists the banks it was given (none: an empty directory), at once.</summary>
public sealed class FixedBankDirectory(params BankDirectoryEntry[] banks) : IBankDirectory
{
    public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BankDirectoryEntry>>(banks);
}

/// <summary>Fails any HTTP call: for tests that never reach a bank's token endpoint.</summary>
public sealed class NoNetwork : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new HttpRequestException("tests do not reach the network");
}
