namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// Every dialect's names reach the unified model: the account's or loan's own name, the number the
/// customer knows it by and the holder's name; a bank that sends no name leaves it null and the
/// account is worded by its type, never by an id.
/// </summary>
public sealed class ConnectorNamingTests
{
    private static readonly TimeProvider Clock = TestTime.Frozen();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static BankFetchRequest Request(string dialect, string name, string accountsPath, params string[] permissions) =>
        new(new BankDirectoryEntry("bank", name, dialect, new Uri("https://bank.example/sandbox/bank"), new Uri($"https://bank.example/sandbox/bank/{accountsPath}")),
            BankAccessToken.Bearer("token"), "consent-1", new PartyReference { UserName = "fridaklo", UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e") },
            permissions.ToHashSet(), null, true);

    [Fact]
    public async Task Berlin_Group_name_iban_and_owner_name_are_mapped_and_a_loan_without_a_name_goes_by_its_product()
    {
        var handler = StubBankHandler.Json(path => path == "/sandbox/bank/v1/accounts" ? """
            {"accounts":[
              {"resourceId":"5367b38d-0021","iban":"DE89 3704 0044 0532 0130 00","currency":"EUR","ownerName":"Frida Kahlo",
               "name":"Girokonto","product":"Girokonto Plus","cashAccountType":"CACC","status":"enabled"},
              {"resourceId":"5367b38d-0099","iban":"DE12500105170648489890","currency":"EUR","ownerName":"Frida Kahlo",
               "product":"Wohnbaukredit","cashAccountType":"LOAN","status":"enabled"}
            ]}
            """ : null);

        var snapshot = await new BerlinGroupConnector(new HttpClient(handler), Clock)
            .FetchAsync(Request(BankDialects.BerlinGroup, "Donau Bank", "v1/accounts", ConsentPermissions.Accounts, ConsentPermissions.Products), Cancel);

        var account = Assert.Single(snapshot.Accounts);
        Assert.Equal("Girokonto", account.AccountName);
        Assert.Equal("DE89 3704 0044 0532 0130 00", account.AccountIdentification);
        Assert.Equal("Frida Kahlo", account.OwnerName);
        Assert.Equal("•••• 3000", AccountWords.Masked(AccountWords.Number(account)));
        var loan = Assert.Single(snapshot.Products);
        Assert.Equal("Wohnbaukredit", loan.ProductName);
        Assert.Equal("DE12500105170648489890", loan.ProductIdentification);
        Assert.Equal("Frida Kahlo", loan.OwnerName);
    }

    [Fact]
    public async Task UK_Open_Banking_nickname_names_the_account_and_the_identifications_name_is_the_holder()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            "/sandbox/bank/open-banking/v3.1/aisp/accounts" => """
                {"Data":{"Account":[
                  {"AccountId":"acc-1","Currency":"GBP","AccountSubType":"CurrentAccount","Nickname":"Classic Current Account",
                   "Account":[{"SchemeName":"UK.OBIE.SortCodeAccountNumber","Identification":"80200110203345","Name":"Frida Kahlo"}]},
                  {"AccountId":"mtg-1","Currency":"GBP","AccountSubType":"Mortgage",
                   "Account":[{"SchemeName":"UK.OBIE.SortCodeAccountNumber","Identification":"80200110209999","Name":"Frida Kahlo"}]}
                ]},"Links":{"Self":"x"}}
                """,
            "/sandbox/bank/open-banking/v3.1/aisp/accounts/mtg-1/product" => """
                {"Data":{"Product":[{"AccountId":"mtg-1","ProductName":"Fixed Rate Mortgage",
                  "LoanDetails":{"OutstandingBalance":{"Amount":"120000.00","Currency":"GBP"}}}]}}
                """,
            _ => null,
        });

        var snapshot = await new UkOpenBankingConnector(new HttpClient(handler), Clock)
            .FetchAsync(Request(BankDialects.UkOpenBanking, "Thames Bank", "open-banking/v3.1/aisp/accounts", ConsentPermissions.Accounts, ConsentPermissions.Products), Cancel);

        var account = Assert.Single(snapshot.Accounts);
        Assert.Equal("Classic Current Account", account.AccountName);
        Assert.Equal("Frida Kahlo", account.OwnerName);
        Assert.Equal("80200110203345", account.AccountIdentification);
        Assert.Equal("•••• 3345", AccountWords.Masked(AccountWords.Number(account)));
        var mortgage = Assert.Single(snapshot.Products);
        // No nickname: the product's name, never the holder's.
        Assert.Equal("Fixed Rate Mortgage", mortgage.ProductName);
        Assert.Equal("Frida Kahlo", mortgage.OwnerName);
        Assert.Equal("80200110209999", mortgage.ProductIdentification);
    }

    [Fact]
    public async Task Green_Bank_names_and_holder_are_read_and_the_reference_shape_without_them_is_worded_by_type()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            "/sandbox/bank/api/accounts" => """
                {"Accounts":[
                  {"AccountNumber":"204515807","AccountType":"Savings","AccountCurrency":"USD","AccountBalance":10,
                   "AccountDate":{"OpeningDate":"2024-03-17T02:01:24Z"},"AccountName":"Green Bank Savings",
                   "AccountUser":{"UserName":"c-1","Name":"Frida Kahlo"}},
                  {"AccountNumber":"330011","AccountType":"Checking","AccountCurrency":"USD","AccountBalance":20,
                   "AccountDate":{"OpeningDate":"2024-03-17T02:01:24Z"},"AccountUser":{"UserName":"c-1"}}
                ]}
                """,
            "/sandbox/bank/api/products" => """
                {"Products":[{"ProductId":"1784","ProductType":"Loan","ProductAmount":500,"ProductCurrency":"USD",
                  "ProductDate":{"OpeningDate":"2025-01-01T00:00:00Z"},"ProductName":"Green Bank Personal Loan",
                  "ProductCustomer":{"UserName":"c-1","Name":"Frida Kahlo"}}]}
                """,
            _ => null,
        });

        var snapshot = await new GreenBankConnector(new HttpClient(handler), Clock)
            .FetchAsync(Request(BankDialects.GreenBank, "Green Bank", "api/accounts", ConsentPermissions.Accounts, ConsentPermissions.Products), Cancel);

        var named = snapshot.Accounts.Single(a => a.AccountId == "204515807");
        Assert.Equal("Green Bank Savings", named.AccountName);
        Assert.Equal("Frida Kahlo", named.OwnerName);
        Assert.Equal("204515807", named.AccountIdentification);
        var unnamed = snapshot.Accounts.Single(a => a.AccountId == "330011");
        Assert.Null(unnamed.AccountName);
        Assert.Null(unnamed.OwnerName);
        Assert.Equal("Current account", AccountWords.Name(unnamed));
        Assert.Equal("•••• 0011", AccountWords.Masked(AccountWords.Number(unnamed)));
        var loan = Assert.Single(snapshot.Products);
        Assert.Equal("Green Bank Personal Loan", loan.ProductName);
        Assert.Equal("Frida Kahlo", loan.OwnerName);
    }

    [Fact]
    public async Task MongoDB_Bank_names_and_holder_are_read_and_a_mortgage_without_a_name_is_called_a_mortgage()
    {
        var handler = StubBankHandler.Json(path => path switch
        {
            "/sandbox/bank/api/accounts" => """
                {"Accounts":[{"AccountNumber":"MDB-77120","AccountType":"Checking","AccountCurrency":"USD","AccountBalance":"99.50",
                  "AccountDate":{"OpeningDate":"2023-05-01"},"AccountName":"MongoDB Bank Checking",
                  "AccountUser":{"UserName":"c-9","Name":"Grace Hopper"}}]}
                """,
            "/sandbox/bank/api/products" => """
                {"Products":[{"ProductId":"MDB-M1","ProductType":"Mortgage","ProductAmount":"150000","ProductCurrency":"USD",
                  "ProductDate":{"OpeningDate":"2020-01-01"},"AmortizationPeriod":25,"PropertyDetails":{"Address":"1 Main St"},
                  "ProductCustomer":{"UserName":"c-9"}}]}
                """,
            _ => null,
        });

        var snapshot = await new MongoDbBankConnector(new HttpClient(handler), Clock)
            .FetchAsync(Request(BankDialects.MongoDbBank, "MongoDB Bank", "api/accounts", ConsentPermissions.Accounts, ConsentPermissions.Products), Cancel);

        var account = Assert.Single(snapshot.Accounts);
        Assert.Equal("MongoDB Bank Checking", account.AccountName);
        Assert.Equal("Grace Hopper", account.OwnerName);
        Assert.Equal("•••• 7120", AccountWords.Masked(AccountWords.Number(account)));
        var mortgage = Assert.Single(snapshot.Products);
        Assert.Null(mortgage.ProductName);
        Assert.Equal("Mortgage", AccountWords.Name(mortgage));
    }

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", "•••• 3000")]
    [InlineData("80-20-01 10203345", "•••• 3345")]
    [InlineData("1100", "•••• 1100")]
    [InlineData("x-7", "•••• X7")]
    [InlineData("", "")]
    public void A_number_is_shown_by_its_last_four_letters_or_digits(string number, string shown) =>
        Assert.Equal(shown, AccountWords.Masked(number));
}
