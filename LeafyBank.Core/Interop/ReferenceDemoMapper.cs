using System.Globalization;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Interop;

/// <summary>A raw document turned into the unified model, or the reasons it could not be.</summary>
public sealed record MappingResult<TDocument>(TDocument? Document, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
    where TDocument : class
{
    public bool Succeeded => Document is not null && Errors.Count == 0;
}

/// <summary>
/// Maps the reference demo's export shapes (and our own exports) into the unified document
/// model. The reference varies by bank: accounts carry <c>AccountNumber</c> instead of
/// <c>AccountId</c>, MongoDB Bank names its narratives <c>MDB…Narrative</c>, mortgages carry
/// <c>AmortizationPeriod</c> in years and <c>PropertyDetails</c>. Every field the unified
/// model has no place for, and every original that was translated, is kept in
/// <c>BankExtras</c>, so nothing the bank sent is lost.
/// </summary>
public static class ReferenceDemoMapper
{
    private static readonly string[] KnownAccountStatuses = [AccountStatuses.Active, AccountStatuses.Inactive, AccountStatuses.Closed];
    private static readonly string[] KnownAccountTypes = [AccountTypes.Checking, AccountTypes.Savings];
    private static readonly string[] KnownProductStatuses = [ProductStatuses.Active, ProductStatuses.Closed];
    private static readonly string[] KnownProductTypes = [ProductTypes.Loan, ProductTypes.Mortgage];

    private const string AmortizationPeriodInYears = "AmortizationPeriod";
    private const string PropertyDetails = "PropertyDetails";

    /// <param name="importedNow">The document's <c>Source</c> when the file does not state one (the reference demo's do not; ours do).</param>
    public static MappingResult<ExternalAccount> MapAccount(BsonDocument raw, DataSource importedNow)
    {
        var fields = new BsonFieldReader(raw);
        var extras = TakeStoredExtras(fields);
        var warnings = new List<string>();
        var source = StatedSource(fields, nameof(ExternalAccount.Source), importedNow, warnings);

        var account = new ExternalAccount
        {
            Id = fields.ObjectId("_id", required: false) ?? ObjectId.Empty,
            AccountId = AccountIdentifier(fields) ?? "",
            AccountBank = fields.String(nameof(ExternalAccount.AccountBank), required: true, TextKind.Name) ?? "",
            AccountStatus = Canonical(fields, nameof(ExternalAccount.AccountStatus), KnownAccountStatuses, closedList: true) ?? "",
            AccountType = Canonical(fields, nameof(ExternalAccount.AccountType), KnownAccountTypes, closedList: false) ?? "",
            AccountBalance = fields.Decimal(nameof(ExternalAccount.AccountBalance), required: true, ImportLimits.Amount) ?? 0m,
            AccountCurrency = Currency(fields, nameof(ExternalAccount.AccountCurrency)) ?? "",
            // MongoDB Bank's MDBAccountNarrative is product marketing, not a sustainability claim: it
            // stays unread, so it is kept in BankExtras and never counts towards the green share.
            GreenAccountNarrative = fields.String(nameof(ExternalAccount.GreenAccountNarrative), required: false, TextKind.Narrative),
            // Names are ours (the reference demo has none); an export of ours brings them back.
            AccountName = fields.String(nameof(ExternalAccount.AccountName), required: false, TextKind.Name),
            AccountIdentification = fields.String(nameof(ExternalAccount.AccountIdentification), required: false, TextKind.Name),
            OwnerName = fields.String(nameof(ExternalAccount.OwnerName), required: false, TextKind.Name),
            Source = source,
        };

        if (fields.Document(nameof(ExternalAccount.AccountDate), required: true) is { } dates)
        {
            account.AccountDate = new AccountDates { OpeningDate = dates.Date(nameof(AccountDates.OpeningDate), required: true) ?? default };
            KeepUnread(extras, nameof(ExternalAccount.AccountDate), dates);
        }
        if (fields.Document(nameof(ExternalAccount.AccountUser), required: true) is { } owner)
        {
            account.AccountUser = Party(owner);
            KeepUnread(extras, nameof(ExternalAccount.AccountUser), owner);
        }

        account.BankExtras = Merge(extras, fields.Unread());
        return Result(account, fields, warnings);
    }

    /// <param name="importedNow">The document's <c>Source</c> when the file does not state one.</param>
    public static MappingResult<ExternalProduct> MapProduct(BsonDocument raw, DataSource importedNow)
    {
        var fields = new BsonFieldReader(raw);
        var extras = TakeStoredExtras(fields);
        var warnings = new List<string>();
        var source = StatedSource(fields, nameof(ExternalProduct.Source), importedNow, warnings);

        var product = new ExternalProduct
        {
            Id = fields.ObjectId("_id", required: false) ?? ObjectId.Empty,
            ProductId = fields.Identifier(nameof(ExternalProduct.ProductId), required: true) ?? "",
            ProductBank = fields.String(nameof(ExternalProduct.ProductBank), required: true, TextKind.Name) ?? "",
            ProductStatus = Canonical(fields, nameof(ExternalProduct.ProductStatus), KnownProductStatuses, closedList: true) ?? "",
            ProductType = Canonical(fields, nameof(ExternalProduct.ProductType), KnownProductTypes, closedList: false) ?? "",
            ProductAmount = fields.Decimal(nameof(ExternalProduct.ProductAmount), required: true, ImportLimits.Amount) ?? 0m,
            ProductCurrency = Currency(fields, nameof(ExternalProduct.ProductCurrency)) ?? "",
            ProductInterestRate = fields.Decimal(nameof(ExternalProduct.ProductInterestRate), required: false, ImportLimits.InterestRatePercent),
            GreenProductNarrative = fields.String(nameof(ExternalProduct.GreenProductNarrative), required: false, TextKind.Narrative),
            ProductName = fields.String(nameof(ExternalProduct.ProductName), required: false, TextKind.Name),
            ProductIdentification = fields.String(nameof(ExternalProduct.ProductIdentification), required: false, TextKind.Name),
            OwnerName = fields.String(nameof(ExternalProduct.OwnerName), required: false, TextKind.Name),
            RepaymentPeriod = fields.WholeNumber(nameof(ExternalProduct.RepaymentPeriod), required: false, ImportLimits.TermMonths)
                // Mortgages state their term in years; the unified model counts months.
                ?? fields.WholeNumber(AmortizationPeriodInYears, required: false, ImportLimits.TermYears, consume: false) * 12,
            Source = source,
        };
        product.LoanCollateral = fields.String(nameof(ExternalProduct.LoanCollateral), required: false, TextKind.Narrative)
            ?? DescribeProperty(fields, product.ProductCurrency);

        if (fields.Document(nameof(ExternalProduct.ProductDate), required: true) is { } dates)
        {
            product.ProductDate = new ProductDates { OpeningDate = dates.Date(nameof(ProductDates.OpeningDate), required: true) ?? default };
            KeepUnread(extras, nameof(ExternalProduct.ProductDate), dates);
        }
        if (fields.Document(nameof(ExternalProduct.ProductCustomer), required: true) is { } owner)
        {
            product.ProductCustomer = Party(owner);
            KeepUnread(extras, nameof(ExternalProduct.ProductCustomer), owner);
        }

        product.BankExtras = Merge(extras, fields.Unread());
        return Result(product, fields, warnings);
    }

    /// <summary>
    /// A token as the reference demo stores it (plain <c>BearerToken</c>, no bank, no user id) or
    /// as we export it (encrypted, with <c>TokenBank</c> and <c>UserId</c>). The token is returned
    /// as found: encrypting it is the importer's job, which also resolves a missing user id.
    /// </summary>
    public static MappingResult<BankToken> MapToken(BsonDocument raw)
    {
        var fields = new BsonFieldReader(raw);
        var token = new BankToken
        {
            Id = fields.ObjectId("_id", required: false) ?? ObjectId.Empty,
            UserName = fields.String(nameof(BankToken.UserName), required: true, TextKind.Name) ?? "",
            BearerToken = fields.String(nameof(BankToken.BearerToken), required: true, TextKind.Token) ?? "",
            TokenBank = fields.String(nameof(BankToken.TokenBank), required: false, TextKind.Name) ?? "",
            UserId = fields.ObjectId(nameof(BankToken.UserId), required: false) ?? ObjectId.Empty,
            ConsentId = fields.String(nameof(BankToken.ConsentId), required: false, TextKind.Name),
            ExpiresAt = fields.Date(nameof(BankToken.ExpiresAt), required: false),
            RefreshToken = fields.String(nameof(BankToken.RefreshToken), required: false, TextKind.Token),
        };
        // A DPoP-bound token is only usable with its proof: imported as a bearer token, every call would be refused.
        if (fields.String(nameof(BankToken.TokenType), required: false, TextKind.Name) is { } tokenType)
        {
            if (BankAccessToken.IsDpopTokenType(tokenType))
            {
                token.TokenType = BankAccessToken.DpopScheme;
            }
            else
            {
                fields.AddError(nameof(BankToken.TokenType), $"is \"{tokenType}\"; a token is either DPoP-bound (\"DPoP\") or has no TokenType (a bearer token).");
            }
        }
        if (fields.Document(nameof(BankToken.TokenDates), required: true) is { } dates)
        {
            token.TokenDates = new TokenDates
            {
                CreationDate = dates.Date(nameof(TokenDates.CreationDate), required: true) ?? default,
                // null until first use, as in the reference demo.
                LastUseDate = dates.Date(nameof(TokenDates.LastUseDate), required: false),
            };
        }

        // A token has no extras: say what was left out rather than drop it silently.
        var warnings = fields.Unread().Names
            .Select(name => $"field {name} has no place in a token and was not imported.")
            .ToList();
        return Result(token, fields, warnings);
    }

    /// <summary>
    /// How and when the data was read, as an export of ours states it (<c>Source</c>), so that an older
    /// file keeps its date instead of passing for data read now; <paramref name="importedNow"/> when the
    /// file does not say. A date later than the import is taken as the import's, with a note.
    /// </summary>
    private static DataSource StatedSource(BsonFieldReader fields, string name, DataSource importedNow, List<string> warnings)
    {
        if (fields.Document(name, required: false) is not { } stated)
        {
            return importedNow;
        }
        var source = new DataSource
        {
            Origin = stated.String(nameof(DataSource.Origin), required: true, TextKind.Name) ?? "",
            RetrievedAt = stated.Date(nameof(DataSource.RetrievedAt), required: true) ?? importedNow.RetrievedAt,
            ConsentId = stated.String(nameof(DataSource.ConsentId), required: false, TextKind.Name),
        };
        if (source.RetrievedAt > importedNow.RetrievedAt)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}.{nameof(DataSource.RetrievedAt)} ({source.RetrievedAt:yyyy-MM-dd HH:mm:ss} UTC) is later than this import; the data is dated by the import instead."));
            source.RetrievedAt = importedNow.RetrievedAt;
        }
        return source;
    }

    /// <summary>Readable collateral for a mortgage, e.g. "Property at 123 Main St valued 91,719 USD".</summary>
    public static string DescribeProperty(string? address, decimal? value, string currency)
    {
        var at = string.IsNullOrWhiteSpace(address) ? "" : $" at {address.Trim()}";
        var valued = value is null ? "" : string.Create(CultureInfo.InvariantCulture, $" valued {value.Value:#,##0.##} {currency}").TrimEnd();
        return "Property" + at + valued;
    }

    private static string? DescribeProperty(BsonFieldReader fields, string currency)
    {
        if (fields.Document(PropertyDetails, required: false, consume: false) is not { } property)
        {
            return null;
        }
        return DescribeProperty(property.String("Address", required: false, TextKind.Narrative), property.Decimal("PropertyValue", required: false, ImportLimits.Amount), currency);
    }

    private static string? AccountIdentifier(BsonFieldReader fields)
    {
        if (fields.Has(nameof(ExternalAccount.AccountId)))
        {
            return fields.Identifier(nameof(ExternalAccount.AccountId), required: true);
        }
        if (fields.Has("AccountNumber"))
        {
            return fields.Identifier("AccountNumber", required: true);
        }
        fields.AddError(nameof(ExternalAccount.AccountId), "(or the reference demo's AccountNumber) is required but missing.");
        return null;
    }

    private static PartyReference Party(BsonFieldReader owner) => new()
    {
        UserName = owner.String(nameof(PartyReference.UserName), required: true, TextKind.Name) ?? "",
        UserId = owner.ObjectId(nameof(PartyReference.UserId), required: true) ?? ObjectId.Empty,
    };

    /// <summary>
    /// The canonical spelling of a known value, matched case-insensitively. Statuses are a closed
    /// list (the position rules compare them exactly, so an unknown one would silently change
    /// the totals); types are open (banks have more kinds than we know) and kept as sent.
    /// </summary>
    private static string? Canonical(BsonFieldReader fields, string name, string[] known, bool closedList)
    {
        var value = fields.String(name, required: true, TextKind.Name);
        if (value is null)
        {
            return null;
        }
        var match = known.FirstOrDefault(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase));
        if (match is null && closedList)
        {
            fields.AddError(name, $"'{value}' is not one of {string.Join(", ", known)}.");
        }
        return match ?? value;
    }

    private static string? Currency(BsonFieldReader fields, string name)
    {
        var value = fields.String(name, required: true, TextKind.Name);
        if (value is null)
        {
            return null;
        }
        var code = value.ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            fields.AddError(name, $"'{value}' is not an ISO 4217 currency code (three letters, e.g. USD).");
        }
        return code;
    }

    /// <summary>Extras from an earlier export of ours come back as they were.</summary>
    private static BsonDocument TakeStoredExtras(BsonFieldReader fields) =>
        fields.Document("BankExtras", required: false)?.CopyOfDocument() ?? [];

    private static void KeepUnread(BsonDocument extras, string name, BsonFieldReader subDocument)
    {
        var unread = subDocument.Unread();
        if (unread.ElementCount > 0)
        {
            extras[name] = unread;
        }
    }

    private static BsonDocument? Merge(BsonDocument extras, BsonDocument unread)
    {
        foreach (var element in unread)
        {
            extras[element.Name] = element.Value;
        }
        return extras.ElementCount == 0 ? null : extras;
    }

    private static MappingResult<TDocument> Result<TDocument>(TDocument document, BsonFieldReader fields, IReadOnlyList<string> warnings)
        where TDocument : class =>
        fields.Errors.Count == 0
            ? new MappingResult<TDocument>(document, [], warnings)
            : new MappingResult<TDocument>(null, fields.Errors, warnings);
}
