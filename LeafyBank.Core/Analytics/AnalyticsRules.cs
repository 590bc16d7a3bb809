using System.Linq.Expressions;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using MongoDB.Bson;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// The one definition of every cross-customer figure. Both engines use these expressions:
/// MongoDB translates them into <c>$match</c>, <c>$project</c> and <c>$group</c> stages, the
/// embedded engine compiles them and applies them in process. What counts as a deposit or a
/// debt is <see cref="PositionRules"/>' definition, so the analyst and the customer see the
/// same money.
/// </summary>
public static class AnalyticsRules
{
    /// <summary>A connection whose consent ends within this many days is "expiring soon" (the Connections page's threshold).</summary>
    public const int ExpiringSoonDays = 7;

    /// <summary>Accounts that count as deposits: the position's balance rule.</summary>
    public static Expression<Func<ExternalAccount, bool>> AccountCountsAsDeposit => PositionRules.ExternalAccountCountsAsBalance;

    /// <summary>Products that count as debt: the position's debt rule.</summary>
    public static Expression<Func<ExternalProduct, bool>> ProductCountsAsDebt => PositionRules.ProductCountsAsDebt;

    /// <summary>Other products the customer still holds (savings plans, cards…): active, and not debt.</summary>
    public static readonly Expression<Func<ExternalProduct, bool>> ProductIsOtherHolding =
        AndNot(product => product.ProductStatus == ProductStatuses.Active, PositionRules.ProductCountsAsDebt);

    /// <summary>
    /// A green item carries a non-empty green narrative. <c>?? ""</c> rather than <c>!= null</c>:
    /// MongoDB omits absent optional fields, and in an aggregation expression a missing field is
    /// not equal to null, while <c>$ifNull</c> treats both alike.
    /// </summary>
    public static readonly Expression<Func<ExternalAccount, AnalyticsFact>> DepositFact = account => new AnalyticsFact
    {
        Measure = AnalyticsMeasures.Deposits,
        Bank = account.AccountBank,
        Type = account.AccountType,
        Currency = account.AccountCurrency,
        Amount = account.AccountBalance,
        Customer = account.AccountUser.UserId,
        Green = (account.GreenAccountNarrative ?? "") != "",
    };

    public static readonly Expression<Func<ExternalProduct, AnalyticsFact>> DebtFact = product => new AnalyticsFact
    {
        Measure = AnalyticsMeasures.Debt,
        Bank = product.ProductBank,
        Type = product.ProductType,
        Currency = product.ProductCurrency,
        Amount = product.ProductAmount,
        Customer = product.ProductCustomer.UserId,
        Green = (product.GreenProductNarrative ?? "") != "",
    };

    public static readonly Expression<Func<ExternalProduct, AnalyticsFact>> OtherHoldingFact = product => new AnalyticsFact
    {
        Measure = AnalyticsMeasures.OtherProducts,
        Bank = product.ProductBank,
        Type = product.ProductType,
        Currency = product.ProductCurrency,
        Amount = product.ProductAmount,
        Customer = product.ProductCustomer.UserId,
        Green = (product.GreenProductNarrative ?? "") != "",
    };

    /// <summary>The finest grouping of the sums; every amount on the page is a sum of these cells.</summary>
    public static readonly Expression<Func<AnalyticsFact, AmountKey>> AmountCellKey = fact => new AmountKey
    {
        Measure = fact.Measure,
        Bank = fact.Bank,
        Type = fact.Type,
        Currency = fact.Currency,
        Green = fact.Green,
    };

    /// <summary>
    /// The groups whose distinct customers are counted (each count decides whether that
    /// group's figures may be shown). Each is grouped by (key, customer) first, then by key.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, Expression<Func<AnalyticsFact, GroupKey>> Key)> CustomerGroups =
    [
        (AnalyticsDimensions.Bank, fact => new GroupKey { Dimension = AnalyticsDimensions.Bank, Measure = fact.Measure, Bank = fact.Bank, Type = "" }),
        (AnalyticsDimensions.BankAnyMeasure, fact => new GroupKey { Dimension = AnalyticsDimensions.BankAnyMeasure, Measure = AnalyticsMeasures.Any, Bank = fact.Bank, Type = "" }),
        (AnalyticsDimensions.Type, fact => new GroupKey { Dimension = AnalyticsDimensions.Type, Measure = fact.Measure, Bank = "", Type = fact.Type }),
        (AnalyticsDimensions.All, fact => new GroupKey { Dimension = AnalyticsDimensions.All, Measure = fact.Measure, Bank = "", Type = "" }),
        (AnalyticsDimensions.AllAnyMeasure, fact => new GroupKey { Dimension = AnalyticsDimensions.AllAnyMeasure, Measure = AnalyticsMeasures.Any, Bank = "", Type = "" }),
    ];

    /// <summary>
    /// <c>(key, customer)</c> for one customer group: the first of the two groupings that count
    /// distinct customers, built from the group's key expression so the key is written once.
    /// </summary>
    public static Expression<Func<AnalyticsFact, CustomerInGroup>> CustomerInGroupKey(Expression<Func<AnalyticsFact, GroupKey>> key)
    {
        var fact = key.Parameters[0];
        return Expression.Lambda<Func<AnalyticsFact, CustomerInGroup>>(
            Expression.MemberInit(Expression.New(typeof(CustomerInGroup)),
                Expression.Bind(typeof(CustomerInGroup).GetProperty(nameof(CustomerInGroup.Key))!, key.Body),
                Expression.Bind(typeof(CustomerInGroup).GetProperty(nameof(CustomerInGroup.Customer))!,
                    Expression.Property(fact, nameof(AnalyticsFact.Customer)))),
            fact);
    }

    /// <summary>Consents that were ever granted (a consent still awaiting the customer is not a connection).</summary>
    public static readonly Expression<Func<Consent, bool>> ConsentIsConnection = consent => consent.Status != ConsentStatuses.Received;

    public static readonly Expression<Func<Consent, ConnectionFact>> ConsentFact = consent => new ConnectionFact
    {
        Customer = consent.ConsentUser.UserId,
        Bank = consent.Bank,
        IsConsent = true,
        Status = consent.Status,
        ValidUntil = consent.ValidUntil,
        CreatedAt = consent.CreatedAt,
        StatusChangedAt = consent.StatusChangedAt,
        Failing = false,
    };

    /// <summary>A connection is failing while its last sync attempt left an error.</summary>
    public static readonly Expression<Func<SyncState, ConnectionFact>> SyncFact = state => new ConnectionFact
    {
        Customer = state.SyncUser.UserId,
        Bank = state.Bank,
        IsConsent = false,
        Status = "",
        ValidUntil = DateTime.MinValue,
        CreatedAt = DateTime.MinValue,
        StatusChangedAt = DateTime.MinValue,
        Failing = (state.LastError ?? "") != "",
    };

    /// <summary>
    /// One customer's connection to one bank is their latest granted consent there (newest first),
    /// failing when any sync state of that bank has an error.
    /// </summary>
    public static readonly Expression<Func<ConnectionFact, ConnectionKey>> ConnectionOf = fact => new ConnectionKey { Customer = fact.Customer, Bank = fact.Bank };

    /// <summary>
    /// The health of a connection at <paramref name="now"/>, with the Connections page's precedence:
    /// revoked or rejected, then expired, then failing, then expiring within
    /// <see cref="ExpiringSoonDays"/> days, else active.
    /// </summary>
    public static Expression<Func<LatestConnection, ConnectionHealthRow>> HealthAt(DateTime now)
    {
        var soon = now.AddDays(ExpiringSoonDays);
        return connection => new ConnectionHealthRow
        {
            Bank = connection.Id.Bank,
            Health = connection.Status == ConsentStatuses.RevokedByPsu || connection.Status == ConsentStatuses.TerminatedByTpp || connection.Status == ConsentStatuses.Rejected
                ? ConnectionHealth.ExpiredOrRevoked
                : connection.Status == ConsentStatuses.Expired || connection.ValidUntil <= now
                    ? ConnectionHealth.ExpiredOrRevoked
                    : connection.Failing
                        ? ConnectionHealth.Failing
                        : connection.ValidUntil <= soon
                            ? ConnectionHealth.ExpiringSoon
                            : ConnectionHealth.Active,
        };
    }

    /// <summary><paramref name="include"/> and not <paramref name="exclude"/>, over one parameter (both rules stay single definitions).</summary>
    private static Expression<Func<T, bool>> AndNot<T>(Expression<Func<T, bool>> include, Expression<Func<T, bool>> exclude)
    {
        var parameter = include.Parameters[0];
        var excluded = new ReplaceParameter(exclude.Parameters[0], parameter).Visit(exclude.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(include.Body, Expression.Not(excluded)), parameter);
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>What a fact adds to.</summary>
public static class AnalyticsMeasures
{
    public const string Deposits = "deposits";
    public const string Debt = "debt";
    public const string OtherProducts = "other-products";
    /// <summary>Any of the above: for "how many customers" questions.</summary>
    public const string Any = "any";
}

/// <summary>The customer groups that are counted.</summary>
public static class AnalyticsDimensions
{
    public const string Bank = "bank";
    public const string BankAnyMeasure = "bank-any";
    public const string Type = "type";
    public const string All = "all";
    public const string AllAnyMeasure = "all-any";
}

public static class ConnectionHealth
{
    public const string Active = "active";
    public const string ExpiringSoon = "expiring-soon";
    public const string ExpiredOrRevoked = "expired-or-revoked";
    public const string Failing = "failing";
}

/// <summary>
/// One account or product as the analytics see it. <see cref="Customer"/> exists only so the
/// engines can count distinct customers; it never leaves the engine.
/// </summary>
public sealed class AnalyticsFact
{
    public string Measure { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Type { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal Amount { get; set; }
    public ObjectId Customer { get; set; }
    public bool Green { get; set; }
}

public sealed record AmountKey
{
    public string Measure { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Type { get; set; } = "";
    public string Currency { get; set; } = "";
    public bool Green { get; set; }
}

public sealed record GroupKey
{
    public string Dimension { get; set; } = "";
    public string Measure { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Type { get; set; } = "";
}

public sealed record CustomerInGroup
{
    public GroupKey Key { get; set; } = new();
    public ObjectId Customer { get; set; }
}

/// <summary>A granted consent or a sync state, as the connection-health figures see it.</summary>
public sealed class ConnectionFact
{
    public ObjectId Customer { get; set; }
    public string Bank { get; set; } = "";
    public bool IsConsent { get; set; }
    public string Status { get; set; } = "";
    public DateTime ValidUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime StatusChangedAt { get; set; }
    public bool Failing { get; set; }
}

public sealed record ConnectionKey
{
    public ObjectId Customer { get; set; }
    public string Bank { get; set; } = "";
}

/// <summary>One customer's connection to one bank: the latest consent's status and end, and whether its sync is failing.</summary>
public sealed class LatestConnection
{
    public ConnectionKey Id { get; set; } = new();
    public bool HasConsent { get; set; }
    public string Status { get; set; } = "";
    public DateTime ValidUntil { get; set; }
    public bool Failing { get; set; }
}

public sealed class ConnectionHealthRow
{
    public string Bank { get; set; } = "";
    public string Health { get; set; } = "";
}
