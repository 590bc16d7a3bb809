using System.Globalization;
using LeafyBank.Core.Transactions;
using Microsoft.AspNetCore.Http.Extensions;

namespace LeafyBank.Web.Api;

/// <summary>Paging rules for every list of the API: pages from 1, 25 items by default, at most 200.</summary>
internal static class ApiPaging
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = TransactionFilter.MaxPageSize;

    /// <summary>
    /// The page and size asked for, or the errors naming each bad parameter and the allowed range.
    /// Read from text (not bound as int) so that "abc" is a problem naming the parameter, like 0 or 500,
    /// rather than the framework's bare binding failure.
    /// </summary>
    public static (int Page, int PageSize, Dictionary<string, string[]> Errors) Read(string? page, string? pageSize)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var wantedPage = ApiQuery.Integer("page", page, 1, errors);
        var wantedSize = ApiQuery.Integer("pageSize", pageSize, DefaultPageSize, errors);
        if (wantedPage < 1)
        {
            errors["page"] = [$"page must be 1 or more (got {wantedPage}); pages are numbered from 1."];
        }
        if (wantedSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize} (got {wantedSize})."];
        }
        return (wantedPage, wantedSize, errors);
    }

    /// <summary>A page of an in-memory list (the customer's accounts, products, connections: tens, not thousands).</summary>
    public static ApiPage<T> Slice<T>(HttpRequest request, IReadOnlyList<T> all, int page, int pageSize) =>
        Envelope(request, [.. all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize)], all.Count, page, pageSize);

    public static ApiPage<T> Envelope<T>(HttpRequest request, IReadOnlyList<T> items, long total, int page, int pageSize)
    {
        var pageCount = (int)((total + pageSize - 1) / pageSize);
        var last = Math.Max(1, pageCount);
        return new ApiPage<T>(items, page, pageSize, total, pageCount, new PageLinks(
            Link(request, page, pageSize),
            Link(request, 1, pageSize),
            page > 1 ? Link(request, Math.Min(page - 1, last), pageSize) : null,
            page < pageCount ? Link(request, page + 1, pageSize) : null,
            Link(request, last, pageSize)));
    }

    /// <summary>The same request with another page: every other query parameter kept as sent.</summary>
    private static string Link(HttpRequest request, int page, int pageSize)
    {
        var query = new QueryBuilder(request.Query
            .Where(parameter => !parameter.Key.Equals("page", StringComparison.OrdinalIgnoreCase) && !parameter.Key.Equals("pageSize", StringComparison.OrdinalIgnoreCase))
            .SelectMany(parameter => parameter.Value.Select(value => KeyValuePair.Create(parameter.Key, value ?? ""))))
        {
            { "page", page.ToString(CultureInfo.InvariantCulture) },
            { "pageSize", pageSize.ToString(CultureInfo.InvariantCulture) },
        };
        return $"{request.PathBase}{request.Path}{query}";
    }
}
