using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeafyBank.Sandbox.Access;

/// <summary>
/// What one call to a data endpoint reads, in the terms the unattended-access allowance counts
/// (PSD2 RTS Art. 36(5)(b), Berlin Group <c>frequencyPerDay</c>): one resource — the account
/// list, the product list, or one account's balances, transactions or product — and, for a
/// paged report, the query parameter whose presence marks a continuation page. A continuation
/// page is part of the report it continues and is not an access of its own.
/// </summary>
/// <param name="Name">The resource, e.g. <c>transactions</c>.</param>
/// <param name="AccountRouteValue">The route value naming the account, for per-account resources; null for lists.</param>
/// <param name="Paging">How the endpoint pages; null when it answers in one piece.</param>
public sealed record AccessedResource(string Name, string? AccountRouteValue = null, ReportPaging? Paging = null)
{
    /// <summary>The consent's list of accounts (with balances where a dialect includes them).</summary>
    public static readonly AccessedResource AccountList = new("account-list");

    /// <summary>The consent's list of loans and mortgages (the reference banks' <c>/api/products</c>).</summary>
    public static readonly AccessedResource ProductList = new("product-list");

    public static AccessedResource Balances(string accountRouteValue) => new("balances", accountRouteValue);

    public static AccessedResource Transactions(string accountRouteValue, ReportPaging paging) => new("transactions", accountRouteValue, paging);

    public static AccessedResource Product(string accountRouteValue) => new("product", accountRouteValue);

    /// <summary>
    /// The counter this request is charged to (<c>transactions:{accountId}</c>, <c>account-list</c>),
    /// or null when it continues a report and is not charged. An endpoint that declares nothing
    /// is charged per request path, with no continuation pages.
    /// </summary>
    public static string? CounterFor(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AccessedResource>() is not { } resource)
        {
            return "path:" + context.Request.Path.Value;
        }
        if (resource.Paging?.IsContinuation(context.Request.Query) == true)
        {
            return null;
        }
        if (resource.AccountRouteValue is null)
        {
            return resource.Name;
        }
        var account = Convert.ToString(context.GetRouteValue(resource.AccountRouteValue), CultureInfo.InvariantCulture) ?? "";
        return $"{resource.Name}:{account}";
    }
}

/// <summary>How a report pages: by page number (page 1 is the report's first page) or by an opaque cursor (none on the first).</summary>
public sealed record ReportPaging(string Parameter, bool IsCursor)
{
    public static ReportPaging PageNumber(string parameter) => new(parameter, IsCursor: false);

    public static ReportPaging Cursor(string parameter) => new(parameter, IsCursor: true);

    /// <summary>Whether the request asks for a page after the first.</summary>
    public bool IsContinuation(IQueryCollection query)
    {
        var value = query[Parameter].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        return IsCursor || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 1);
    }
}

public static class AccessedResourceEndpointExtensions
{
    /// <summary>Declares what the endpoint reads, so the access filter counts it per resource and account and lets continuation pages through uncounted.</summary>
    public static TBuilder Reads<TBuilder>(this TBuilder builder, AccessedResource resource)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(resource);
}
