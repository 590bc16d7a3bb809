namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>The checker itself: each kind of departure from the document is found and named, so a passing conformance test means something.</summary>
public sealed class OpenApiConformanceTests
{
    private static readonly Dictionary<string, string> Interaction = new(StringComparer.OrdinalIgnoreCase) { ["x-fapi-interaction-id"] = "93bac548-d2de-4546-b106-880a5018460d" };

    private const string ValidAccounts =
        """{"Data":{"Account":[{"AccountId":"a1","Currency":"GBP","AccountType":"Personal","AccountSubType":"CurrentAccount"}]},"Links":{"Self":"http://bank.example/accounts"},"Meta":{"TotalPages":1}}""";

    private static ObservedResponse Accounts(int status, string body, IReadOnlyDictionary<string, string>? headers = null, string? contentType = "application/json") =>
        new("GET", "/accounts", status, headers ?? Interaction, contentType, body);

    [Fact]
    public void A_documented_answer_has_no_violations()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);

        Assert.Empty(document.Violations(Accounts(200, ValidAccounts)));
    }

    [Fact]
    public void A_body_missing_a_required_field_or_with_an_undeclared_one_is_a_violation()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);

        var noSelf = document.Violations(Accounts(200, ValidAccounts.Replace("\"Self\":\"http://bank.example/accounts\"", "")));
        var extra = document.Violations(Accounts(200, ValidAccounts.Replace("\"AccountId\":\"a1\"", "\"AccountId\":\"a1\",\"Colour\":\"green\"")));
        var badEnum = document.Violations(Accounts(200, ValidAccounts.Replace("Personal", "Corporate")));

        Assert.Contains(noSelf, v => v.Contains("/Links", StringComparison.Ordinal));
        Assert.Contains(extra, v => v.Contains("/Data/Account/0", StringComparison.Ordinal));
        Assert.Contains(badEnum, v => v.Contains("/Data/Account/0/AccountType", StringComparison.Ordinal));
    }

    [Fact]
    public void An_undocumented_status_a_missing_required_header_or_a_body_where_none_is_defined_is_a_violation()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.UkAccountInfo);

        Assert.Contains(document.Violations(Accounts(404, "")), v => v.Contains("status 404 is not documented", StringComparison.Ordinal));
        Assert.Contains(document.Violations(Accounts(200, ValidAccounts, new Dictionary<string, string>())), v => v.Contains("x-fapi-interaction-id", StringComparison.Ordinal));
        Assert.Contains(document.Violations(Accounts(401, """{"title":"Unauthorized"}""")), v => v.Contains("no body", StringComparison.Ordinal));
        Assert.Contains(document.Violations(Accounts(400, """{"type":"about:blank","title":"Bad request","status":400}""", contentType: "application/problem+json")),
            v => v.Contains("content type", StringComparison.Ordinal));
    }

    [Fact]
    public void The_Berlin_Group_document_is_read_the_same_way()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.BerlinGroup);

        Assert.Contains(document.Operations(), o => o is ("POST", "/v1/consents"));
        Assert.Contains(document.Operations(), o => o is ("GET", "/v1/accounts/{account-id}"));
    }
}
