namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// An answer's body is read after its headers, where the HTTP client's and the resilience
/// pipeline's timeouts no longer reach: a bank that sends headers and then stalls, or breaks off
/// part-way, fails as <see cref="BankFailureKind.Unavailable"/> in plain words instead of holding
/// the sync (and the scheduler's round) forever; the caller's own cancellation stays a cancellation.
/// </summary>
public sealed class BankAnswerBodyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly BankFetchRequest Request = new(
        new BankDirectoryEntry("bank", "Green Bank", BankDialects.GreenBank, new Uri("https://bank.example/sandbox/bank"), new Uri("https://bank.example/sandbox/bank/api/accounts")),
        BankAccessToken.Bearer("eyJ.secret-token.sig"), "consent-1", new PartyReference { UserName = "adalove", UserId = ObjectId.Parse("671ff0081ec726b417352702") },
        new HashSet<string> { ConsentPermissions.Accounts }, null, Unattended: true);

    /// <summary>A body that sends a few bytes and then nothing, until the read is cancelled; or breaks off when told to.</summary>
    private sealed class StalledBody(bool breakOff = false) : Stream
    {
        private bool sentFirstBytes;

        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!sentFirstBytes)
            {
                sentFirstBytes = true;
                return Encoding.UTF8.GetBytes("{\"Accounts\":[", buffer.Span);
            }
            if (breakOff)
            {
                throw new IOException("The response ended prematurely.");
            }
            Stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static (BankApiCall Call, StalledBody Body) CallAnsweredWith(StalledBody body, TimeProvider clock)
    {
        var handler = new StubBankHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        return (new BankApiCall(new HttpClient(handler), Request) { Clock = clock }, body);
    }

    private static Task<JsonElement> ReadAccountsAsync(BankApiCall call, CancellationToken cancellationToken) =>
        call.GetAsync<JsonElement>(call.AccountsEndpoint, "the account list", BankJson.PascalCase, cancellationToken);

    [Fact]
    public async Task A_bank_that_sends_headers_and_then_stalls_fails_as_unavailable_once_the_read_limit_has_passed()
    {
        var clock = TestTime.Frozen();
        var (call, body) = CallAnsweredWith(new StalledBody(), clock);

        var reading = ReadAccountsAsync(call, Cancel);
        await body.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        clock.Advance(BankApiCall.BodyReadTimeout - TimeSpan.FromSeconds(1));
        await Task.Delay(50, Cancel);
        Assert.False(reading.IsCompleted, "gave up before the limit");
        clock.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<BankApiException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10), Cancel));
        Assert.Equal(BankFailureKind.Unavailable, failure.Kind);
        Assert.Equal("Green Bank stopped sending the account list part-way. Leafy Bank will try again later.", failure.Message);
    }

    [Fact]
    public async Task A_bank_that_breaks_off_part_way_fails_as_unavailable()
    {
        var (call, _) = CallAnsweredWith(new StalledBody(breakOff: true), TestTime.Frozen());

        var failure = await Assert.ThrowsAsync<BankApiException>(() => ReadAccountsAsync(call, Cancel).WaitAsync(TimeSpan.FromSeconds(10), Cancel));

        Assert.Equal(BankFailureKind.Unavailable, failure.Kind);
        Assert.Equal("Green Bank stopped sending the account list part-way. Leafy Bank will try again later.", failure.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_during_a_stalled_answer_stays_a_cancellation()
    {
        var (call, body) = CallAnsweredWith(new StalledBody(), TestTime.Frozen());
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var reading = ReadAccountsAsync(call, caller.Token);
        await body.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10), Cancel));
    }
}
