namespace LeafyBank.Tests.Core.Interop;

/// <summary>Names, numbers and holders travel through an export (documents as stored) and back in; the reference demo's documents, which have none, import with none.</summary>
public sealed class AccountNamesImportTests
{
    private static readonly DataSource Imported = new() { Origin = DataOrigins.Import, RetrievedAt = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc) };

    private static readonly PartyReference Frida = new() { UserName = "fridaklo", UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e") };

    [Fact]
    public void An_exported_account_and_loan_come_back_with_their_names_numbers_and_holder()
    {
        OpenFinanceBsonMapping.Register();
        var stored = new ExternalAccount
        {
            Id = ObjectId.GenerateNewId(),
            AccountId = "5367b38d-0021",
            AccountBank = "Donau Bank",
            AccountType = AccountTypes.Checking,
            AccountBalance = 10m,
            AccountCurrency = "EUR",
            AccountDate = new AccountDates { OpeningDate = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            AccountUser = Frida,
            AccountName = "Girokonto",
            AccountIdentification = "DE89370400440532013000",
            OwnerName = "Frida Kahlo",
        };
        var storedLoan = new ExternalProduct
        {
            Id = ObjectId.GenerateNewId(),
            ProductId = "loan-1",
            ProductBank = "Donau Bank",
            ProductType = ProductTypes.Mortgage,
            ProductAmount = 1000m,
            ProductCurrency = "EUR",
            ProductDate = new ProductDates { OpeningDate = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            ProductCustomer = Frida,
            ProductName = "Wohnbaukredit",
            ProductIdentification = "DE12500105170648489890",
            OwnerName = "Frida Kahlo",
        };

        var account = ReferenceDemoMapper.MapAccount(stored.ToBsonDocument(), Imported);
        var loan = ReferenceDemoMapper.MapProduct(storedLoan.ToBsonDocument(), Imported);

        Assert.True(account.Succeeded, string.Join("; ", account.Errors));
        Assert.Equal(("Girokonto", "DE89370400440532013000", "Frida Kahlo"),
            (account.Document!.AccountName, account.Document.AccountIdentification, account.Document.OwnerName));
        Assert.Null(account.Document.BankExtras);
        Assert.True(loan.Succeeded, string.Join("; ", loan.Errors));
        Assert.Equal(("Wohnbaukredit", "DE12500105170648489890", "Frida Kahlo"),
            (loan.Document!.ProductName, loan.Document.ProductIdentification, loan.Document.OwnerName));
    }

    [Fact]
    public void A_reference_demo_account_has_no_name_and_is_worded_by_its_type()
    {
        var raw = ExtendedJsonReader.Read("sample.json", System.Text.Encoding.UTF8.GetBytes(TestData.ReferenceDemoSamples.ExternalAccounts))
            .Documents.Select(source => source.Document)
            .Single(document => document["_id"].AsObjectId == ObjectId.Parse("678a48b4a9711d00a3aa06dc"));

        var account = ReferenceDemoMapper.MapAccount(raw, Imported).Document!;

        Assert.Null(account.AccountName);
        Assert.Null(account.OwnerName);
        Assert.Equal("Savings account", AccountWords.Name(account));
    }

    [Fact]
    public void A_stored_document_from_before_names_reads_with_no_name()
    {
        OpenFinanceBsonMapping.Register();
        var older = new ExternalAccount { AccountId = "1", AccountBank = "Green Bank", AccountType = AccountTypes.Savings, AccountCurrency = "USD", AccountUser = Frida }
            .ToBsonDocument();
        older.Remove("AccountName");

        var read = MongoDB.Bson.Serialization.BsonSerializer.Deserialize<ExternalAccount>(older);

        Assert.Null(read.AccountName);
        Assert.False(older.Contains("OwnerName"), "a missing name is not stored as null");
    }
}
