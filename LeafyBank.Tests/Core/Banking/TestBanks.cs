namespace LeafyBank.Tests.Core.Banking;

/// <summary>Green Bank and Thames Bank as a bank directory lists them, at addresses no test reaches.</summary>
public static class TestBanks
{
    public static readonly BankDirectoryEntry GreenBank = Entry("greenbank", "Green Bank", BankDialects.GreenBank);

    public static readonly BankDirectoryEntry ThamesBank = Entry("thamesbank", "Thames Bank", BankDialects.UkOpenBanking);

    private static BankDirectoryEntry Entry(string id, string name, string dialect) =>
        new(id, name, dialect, new Uri($"http://bank.test/sandbox/{id}"), new Uri($"http://bank.test/sandbox/{id}/api/accounts"));
}

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
