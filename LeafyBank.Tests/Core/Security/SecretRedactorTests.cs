namespace LeafyBank.Tests.Core.Security;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("Bearer")]
    [InlineData("Basic")]
    [InlineData("DPoP")]
    public void A_credential_after_an_authorization_scheme_is_redacted_even_when_it_is_no_JWT(string scheme)
    {
        var line = $"Sending request with Authorization: {scheme} 2YotnFZFEjr1zCsicMWpAA to the bank";

        var redacted = SecretRedactor.Redact(line);

        Assert.Equal($"Sending request with Authorization: {scheme} {SecretRedactor.Redacted} to the bank", redacted);
    }

    [Fact]
    public void A_DPoP_proof_in_its_header_is_redacted_as_the_JWT_it_is()
    {
        using var rsa = RSA.Create(2048);
        var proof = new BankClientKey(rsa).CreateDpopProof(HttpMethod.Get, new Uri("https://bank.example/accounts"), DateTimeOffset.UnixEpoch, "access-token");

        Assert.Equal($"DPoP: {SecretRedactor.Redacted}", SecretRedactor.Redact($"DPoP: {proof}"));
    }

    // No test redacts a DPoP-Nonce header: a nonce grants nothing and binds no flow, so it is no secret by the redactor's rules
    // (the comment above SecretRedactor's authorization-scheme pattern says why).
}
