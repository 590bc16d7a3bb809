using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeafyBank.Sandbox.Dialects;

/// <summary>What every dialect endpoint starts from: the granted access and the customer's books.</summary>
internal sealed record DialectRequest(BankAccess Access, SandboxCustomerData Data, SandboxBankData Books)
{
    public IEnumerable<SandboxAccount> CoveredAccounts => Data.Accounts.Where(account => Access.Covers(account.Id));

    /// <summary>Loans and mortgages are shared only when the consent covers them and grants <c>products</c>.</summary>
    public IEnumerable<SandboxProduct> CoveredProducts =>
        Access.Allows(BankPermissions.Products) ? Data.Products.Where(product => Access.Covers(product.Id)) : [];

    public bool ShowsBalances => Access.Allows(BankPermissions.Balances);

    public IReadOnlyList<SandboxTransaction> Transactions(string accountId, DateOnly? from) =>
        Books.Transactions(Access.Bank, Access.CustomerId, accountId, from);
}

/// <summary>Helpers every dialect uses once: access, errors, JSON settings and paging.</summary>
internal static class DialectSupport
{
    /// <summary>The reference banks and UK Open Banking write PascalCase names as declared.</summary>
    public static readonly JsonSerializerOptions PascalCase = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Berlin Group writes camelCase.</summary>
    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The access on this request and the customer's books; a problem when the permission is
    /// missing (the access filter already checks it: this is the second lock on the door).
    /// </summary>
    public static DialectRequest? Resolve(HttpContext http, SandboxBank bank, string permission, out ProblemHttpResult? problem)
    {
        var access = http.GetBankAccess();
        var books = http.RequestServices.GetService(typeof(SandboxBankData)) as SandboxBankData
            ?? throw new InvalidOperationException("The sandbox dialects need services.AddSandboxBankData().");
        problem = null;
        if (!access.Allows(permission))
        {
            problem = Forbidden(permission);
            return null;
        }
        if (access.Bank.Id != bank.Id || books.Customer(bank, access.CustomerId) is not { } data)
        {
            problem = TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Access not valid at this bank");
            return null;
        }
        return new DialectRequest(access, data, books);
    }

    public static ProblemHttpResult NotCovered(string accountId, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Account not found",
            detail: $"No account '{accountId}' is covered by this consent.", extensions: extensions);

    public static ProblemHttpResult Forbidden(string permission, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Permission not granted",
            detail: $"The consent does not grant '{permission}'.", extensions: extensions);

    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail, extensions: extensions);

    /// <summary>Maps one endpoint and hands it to the host's access filter with the permission it needs.</summary>
    public static RouteHandlerBuilder Require(this RouteHandlerBuilder endpoint, string permission, Action<RouteHandlerBuilder, string> requirePermission)
    {
        requirePermission(endpoint, permission);
        return endpoint;
    }

    /// <summary>One page (1-based) of a list, and how many pages there are.</summary>
    public static (IReadOnlyList<T> Items, int TotalPages) Page<T>(IReadOnlyList<T> all, int page, int pageSize)
    {
        var totalPages = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
        return ([.. all.Skip((page - 1) * pageSize).Take(pageSize)], totalPages);
    }

    public static bool TryParseDate(string? value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }
        return false;
    }

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string TypeName(SandboxAccountKind kind) => kind.ToString();
}
