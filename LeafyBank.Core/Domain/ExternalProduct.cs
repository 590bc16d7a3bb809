using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>
/// A financial product (loan, mortgage…) the customer holds at another bank
/// (collection <c>external_products</c>; field names fixed by the source document).
/// </summary>
public sealed class ExternalProduct
{
    public ObjectId Id { get; set; }
    public string ProductId { get; set; } = "";
    public string ProductBank { get; set; } = "";
    public string ProductStatus { get; set; } = ProductStatuses.Active;
    public string ProductType { get; set; } = "";
    /// <summary>Outstanding amount for loans and mortgages.</summary>
    public decimal ProductAmount { get; set; }
    public string ProductCurrency { get; set; } = "";
    /// <summary>Annual interest rate in percent (3.5 means 3.5 %).</summary>
    public decimal? ProductInterestRate { get; set; }
    public ProductDates ProductDate { get; set; } = new();
    public PartyReference ProductCustomer { get; set; } = new();
    public string? GreenProductNarrative { get; set; }
    /// <summary>Repayment period in months, when the bank reports one.</summary>
    public int? RepaymentPeriod { get; set; }
    public string? LoanCollateral { get; set; }

    /// <summary>The product's name as the bank gives it ("Baufinanzierung", "Home Mortgage"); null when the bank sent none.</summary>
    public string? ProductName { get; set; }

    /// <summary>The number a customer knows the loan by (IBAN, sort code and number…); null when the bank sent none.</summary>
    public string? ProductIdentification { get; set; }

    /// <summary>The borrower's name as the bank states it; null when the bank sent none.</summary>
    public string? OwnerName { get; set; }

    public DataSource? Source { get; set; }

    /// <summary>
    /// When a sync found that the bank no longer sends this loan or mortgage under the customer's current consent: kept as
    /// last read, no longer updated. Null while the bank shares it (see <see cref="ExternalAccount.NoLongerSharedSince"/>).
    /// </summary>
    public DateTime? NoLongerSharedSince { get; set; }

    public BsonDocument? BankExtras { get; set; }
}

public sealed class ProductDates
{
    public DateTime OpeningDate { get; set; }
}
