using LeafyBank.Core.Accounts;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;
using LeafyBank.Core.Transactions;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Components.Pages.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using MongoDB.Bson;

namespace LeafyBank.Web.Api;

/// <summary>
/// The data API, version 1: the signed-in customer's global position, accounts, products,
/// transactions and connections as JSON, for bearer tokens only (<see cref="DataApiAuthentication"/>).
/// Every read is scoped to the token's customer; another customer's ids answer 404, as unknown ones do.
/// </summary>
public static class DataApi
{
    public const string Prefix = "/api/v1";
    public const string DocumentName = "v1";
    public const string Tag = "Data API";

    public static IEndpointRouteBuilder MapDataApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(DataApiAuthentication.CustomerPolicy)
            .WithGroupName(DocumentName)
            .WithTags(Tag)
            // Errors here are ProblemDetails written by the API; the HTML status pages are for people.
            .WithMetadata(new SkipStatusCodePages())
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AddEndpointFilter(async (context, next) =>
            {
                // Personal financial data: never kept by a browser or shared cache.
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                try
                {
                    return await next(context);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A problem in the API's words instead of an error page, which in Development would echo
                    // the request's headers — the bearer token among them. Failures before the endpoint (while
                    // the caller is identified) get the same answer from DataApiFailures.
                    LogFailure(context.HttpContext, exception, context.HttpContext.Request.Path);
                    return FailureProblem(context.HttpContext, exception);
                }
            });

        api.MapGet("/position", GetPositionAsync)
            .WithName("GetPosition")
            .WithSummary("The customer's global position")
            .WithDescription("Total balance, total debt and net worth in the customer's base currency, with the breakdowns, loans, " +
                             "green share, freshness per bank and the exchange rates used — the same figures as the dashboard. Per bank, " +
                             "balancesNotShared counts the accounts whose balance the bank does not share; lastSharedBalances of them count at " +
                             "the last balance shared, the others at 0. noLongerShared names the accounts and loans counted that their bank no " +
                             "longer shares under the customer's current consent (unticked at the bank): included at the figures last read (lastReadAt), " +
                             "no longer updated since the day in since.");

        api.MapGet("/accounts", ListAccountsAsync)
            .WithName("ListAccounts")
            .WithSummary("The customer's accounts: Leafy Bank's own and those linked at other banks")
            .WithDescription("Leafy Bank accounts first (source \"leafybank\", live), then linked accounts (source \"external\", as of retrievedAt), " +
                             "by bank and account id. Each carries its name (the bank's, or its type in words when the bank gave none: namedByBank) " +
                             "and its number masked to the last four characters. balanceShared is false when the bank does not share the account's " +
                             "balance under the customer's consent: balance is then the last one it shared, or 0 when it never shared one. " +
                             NoLongerSharedDescription("account") +
                             "Paged: page from 1, pageSize 1–200 (default 25).");

        api.MapGet("/accounts/{id}", GetAccountAsync)
            .WithName("GetAccount")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One of the customer's accounts by its id")
            .WithDescription("The id is the account's Leafy Bank id from the list (stable across re-syncs). 404 when the customer has no such account.");

        api.MapGet("/products", ListProductsAsync)
            .WithName("ListProducts")
            .WithSummary("The customer's financial products at linked banks (loans, mortgages…)")
            .WithDescription("By bank and product id, amounts in their own currency, each with its name and masked number as for accounts. " +
                             NoLongerSharedDescription("product") +
                             "Paged: page from 1, pageSize 1–200 (default 25).");

        api.MapGet("/transactions", ListTransactionsAsync)
            .WithName("ListTransactions")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The customer's transactions across linked banks, newest first")
            .WithDescription("Filters: bank (the bank's id as in connections, e.g. greenbank, or its name as in accounts, e.g. Green Bank; " +
                             "404 listing the customer's banks if they have no linked accounts there), accountId (the bank's account id; 404 if the customer " +
                             "has no such linked account — Leafy Bank's own accounts have no transactions here), " +
                             "status (booked | pending), search (text in description, merchant or category, ignoring case and accents: cafe finds Café), from / to (yyyy-MM-dd, UTC days, both included). " +
                             "Paged: page from 1, pageSize 1–200 (default 25); links.next is null on the last page.");

        api.MapGet("/connections", ListConnectionsAsync)
            .WithName("ListConnections")
            .WithSummary("The customer's bank connections")
            .WithDescription("Per bank: the connection's state and the action it needs, the consent behind it (status, permissions, expiry, when it ended), " +
                             "the accounts it shares now (accounts, by name and masked number), how many loans and mortgages it shares now (products) " +
                             "and the last sync (when, and its error in words). noLongerShared lists what of it the bank no longer sends " +
                             "under the customer's current consent (they unticked it at the bank when renewing or connecting again): each by its id in " +
                             "/accounts (kind \"account\") or /products (kind \"product\"), where noLongerSharedSince is set and its figures are kept as " +
                             "last read (lastReadAt) and no longer updated since the day in since; empty while the bank shares everything. Neither accounts " +
                             "nor products counts what is in noLongerShared: what is stored from the bank is the two together. " +
                             "Paged: page from 1, pageSize 1–200 (default 25).");

        // Unknown paths under the API answer in the API's language, not with the app's HTML page.
        endpoints.MapFallback($"{Prefix}/{{**path}}", () => TypedResults.Problem(
                $"There is no such data API route. The routes are listed in the OpenAPI document at {DataApiServiceExtensions.OpenApiPath}.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .WithMetadata(new SkipStatusCodePages())
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>What <c>noLongerSharedSince</c> means, said alike for accounts and products.</summary>
    private static string NoLongerSharedDescription(string item) =>
        $"noLongerSharedSince (UTC) is set when the bank no longer sends the {item} under the customer's current consent (they unticked it " +
        "at the bank when renewing or connecting again): it is kept with every figure as last read (retrievedAt) and no longer " +
        $"updated; null while the bank shares it{(item == "account" ? " and for Leafy Bank's own accounts" : "")}. ";

    internal static async Task<Ok<GlobalPosition>> GetPositionAsync(ApiCustomer customer, IGlobalPositionService positions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await positions.GetAsync(customer.User, cancellationToken));

    internal static async Task<Results<Ok<ApiPage<AccountResponse>>, ValidationProblem>> ListAccountsAsync(
        ApiCustomer customer, IAccountsQuery accounts, HttpRequest request, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var (wantedPage, wantedSize, errors) = ApiPaging.Read(page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The paging parameters are not valid");
        }
        var listed = await AccountsOfAsync(accounts, customer.User.Id, cancellationToken);
        return TypedResults.Ok(ApiPaging.Slice(request, listed, wantedPage, wantedSize));
    }

    internal static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccountAsync(
        ApiCustomer customer, IAccountsQuery accounts, string id, CancellationToken cancellationToken)
    {
        // Looked up among the customer's own accounts only: another customer's id is as unknown as a made-up one.
        var account = ObjectId.TryParse(id, out var objectId)
            ? (await AccountsOfAsync(accounts, customer.User.Id, cancellationToken)).FirstOrDefault(a => a.Id == objectId.ToString())
            : null;
        return account is null
            ? NotFound($"You have no account with id '{id}'. List your accounts at {Prefix}/accounts for their ids.")
            : TypedResults.Ok(account);
    }

    internal static async Task<Results<Ok<ApiPage<ProductResponse>>, ValidationProblem>> ListProductsAsync(
        ApiCustomer customer, IAccountsQuery accounts, HttpRequest request, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var (wantedPage, wantedSize, errors) = ApiPaging.Read(page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The paging parameters are not valid");
        }
        List<ProductResponse> products = [.. (await accounts.GetProductsAsync(customer.User.Id, cancellationToken)).Select(ProductResponse.From)];
        return TypedResults.Ok(ApiPaging.Slice(request, products, wantedPage, wantedSize));
    }

    internal static async Task<Results<Ok<ApiPage<TransactionResponse>>, ValidationProblem, ProblemHttpResult>> ListTransactionsAsync(
        ApiCustomer customer, ITransactionQuery transactions, IAccountsQuery accounts, IBankDirectory directory, HttpRequest request,
        string? bank, string? accountId, string? status, string? search, string? from, string? to, string? page, string? pageSize,
        CancellationToken cancellationToken)
    {
        var (wantedPage, wantedSize, errors) = ApiPaging.Read(page, pageSize);
        var fromDay = ApiQuery.Date(nameof(from), from, errors);
        var toDay = ApiQuery.Date(nameof(to), to, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The transaction filter is not valid");
        }
        var wantedBank = string.IsNullOrWhiteSpace(bank) ? null : bank.Trim();
        if (wantedBank is not null && IsLeafyBank(wantedBank))
        {
            return NotFound($"Leafy Bank's own accounts have no linked-bank transactions here: {Prefix}/transactions lists the transactions " +
                            $"of accounts linked at other banks (source \"{AccountResponse.External}\" in {Prefix}/accounts). Leave bank out, or name one of those banks.");
        }
        // Connections name a bank by its id (greenbank), accounts and transactions by its name (Green Bank): either is taken.
        IReadOnlyList<LinkedBank> banks = wantedBank is null ? [] : await LinkedBanksAsync(accounts, directory, customer.User.Id, cancellationToken);
        var bankName = wantedBank is null ? null : banks.FirstOrDefault(known => known.Is(wantedBank))?.Name ?? NameInDirectory(directory, wantedBank) ?? wantedBank;

        var filter = new TransactionFilter(bankName, accountId, status, search, fromDay, toDay, wantedPage, wantedSize);
        TransactionPage found;
        try
        {
            found = await transactions.FindAsync(customer.User.Id, filter, cancellationToken);
        }
        catch (TransactionFilterException exception)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [exception.ParamName ?? "filter"] = [exception.Reason] },
                title: "The transaction filter is not valid");
        }
        if (found.Total == 0 && bankName is not null && !banks.Any(known => known.Is(bankName)))
        {
            return NotFound(banks.Count == 0
                ? $"You have no linked accounts at '{wantedBank}', nor at any other bank yet. Connect a bank in Leafy Bank first; its transactions are listed here once it has been read."
                : $"You have no linked accounts at '{wantedBank}'. Filter by one of your banks, by name or id: {string.Join(", ", banks)}.");
        }
        if (found.Total == 0 && !string.IsNullOrWhiteSpace(accountId) && !await accounts.HasLinkedAccountAsync(customer.User.Id, bankName, accountId, cancellationToken))
        {
            var wantedAccount = accountId.Trim();
            if (bankName is null && (await accounts.GetLeafyBankAccountsAsync(customer.User.Id, cancellationToken)).Any(own => own.AccountNumber == wantedAccount))
            {
                return NotFound($"'{wantedAccount}' is one of your Leafy Bank accounts. Leafy Bank's own accounts have no linked-bank transactions here: " +
                                $"{Prefix}/transactions lists the transactions of accounts linked at other banks (source \"{AccountResponse.External}\" in {Prefix}/accounts).");
            }
            return NotFound(bankName is null
                ? $"You have no linked account '{wantedAccount}'. List your accounts at {Prefix}/accounts for their accountId values."
                : $"You have no linked account '{wantedAccount}' at {bankName}. List your accounts at {Prefix}/accounts for their bank and accountId values.");
        }
        return TypedResults.Ok(ApiPaging.Envelope(request, [.. found.Items.Select(TransactionResponse.From)], found.Total, wantedPage, wantedSize));
    }

    internal static async Task<Results<Ok<ApiPage<ConnectionResponse>>, ValidationProblem>> ListConnectionsAsync(
        ApiCustomer customer, ConnectionOverview overview, HttpRequest request,
        string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var (wantedPage, wantedSize, errors) = ApiPaging.Read(page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The paging parameters are not valid");
        }
        // Core's ConnectionOverview is the Connections page's and the banner's reading too, so all three say the same.
        List<ConnectionResponse> connections = [.. (await overview.ListAsync(customer.User.Id, cancellationToken)).Select(ConnectionResponse.From)];
        return TypedResults.Ok(ApiPaging.Slice(request, connections, wantedPage, wantedSize));
    }

    /// <summary>Leafy Bank's accounts first, then the linked ones, each in the query's order.</summary>
    private static async Task<IReadOnlyList<AccountResponse>> AccountsOfAsync(IAccountsQuery accounts, ObjectId userId, CancellationToken cancellationToken)
    {
        var leafyBank = await accounts.GetLeafyBankAccountsAsync(userId, cancellationToken);
        var linked = await accounts.GetLinkedAccountsAsync(userId, cancellationToken);
        return [.. leafyBank.Select(AccountResponse.From), .. linked.Select(AccountResponse.From)];
    }

    /// <summary>
    /// The banks the customer has linked accounts at, by name as the documents carry it, each with its
    /// directory id when the directory (as last read: a request never waits on it) lists a bank of that name.
    /// </summary>
    private static async Task<IReadOnlyList<LinkedBank>> LinkedBanksAsync(IAccountsQuery accounts, IBankDirectory directory, ObjectId userId,
        CancellationToken cancellationToken)
    {
        var listed = directory.ListWithoutWaiting() ?? [];
        return [.. (await accounts.GetLinkedAccountsAsync(userId, cancellationToken))
            .Select(account => account.AccountBank)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new LinkedBank(name, listed.FirstOrDefault(entry => string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))?.Id))];
    }

    /// <summary>The name of the directory's bank with this id, for a bank the customer has no accounts at.</summary>
    private static string? NameInDirectory(IBankDirectory directory, string bankId) =>
        directory.ListWithoutWaiting()?.FirstOrDefault(entry => string.Equals(entry.Id, bankId, StringComparison.OrdinalIgnoreCase))?.Name;

    private static bool IsLeafyBank(string bank) =>
        string.Equals(bank, PositionRules.LeafyBankInstitution, StringComparison.OrdinalIgnoreCase)
        || string.Equals(bank, AccountResponse.LeafyBank, StringComparison.OrdinalIgnoreCase);

    /// <summary>A bank as the transactions filter takes it: its name, or its directory id.</summary>
    private sealed record LinkedBank(string Name, string? Id)
    {
        public bool Is(string nameOrId) =>
            string.Equals(Name, nameOrId, StringComparison.OrdinalIgnoreCase) || string.Equals(Id, nameOrId, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => Id is null ? Name : $"{Name} ({Id})";
    }

    /// <summary>Whether a request path is the data API's (its routes and the fallback for unknown ones).</summary>
    internal static bool IsApiPath(PathString path) => path.StartsWithSegments(Prefix);

    /// <summary>
    /// A failure as the API answers it: 503 when the store is not answering (a failover: trying again
    /// soon helps), 500 otherwise, never stored by a cache. The same wherever on an API path it was thrown.
    /// </summary>
    internal static ProblemHttpResult FailureProblem(HttpContext context, Exception exception)
    {
        context.Response.Headers.CacheControl = "no-store";
        return exception is StoreUnavailableException
            ? TypedResults.Problem("Leafy Bank's data store is not answering right now. Try again in a minute.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The data API could not answer")
            : TypedResults.Problem("Leafy Bank could not answer this request. Try again; if it keeps failing, quote the trace id to support.",
                statusCode: StatusCodes.Status500InternalServerError, title: "The data API could not answer");
    }

    internal static void LogFailure(HttpContext context, Exception exception, PathString path) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataApi))
            .LogError(exception, "The data API failed on {Path}", path);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private sealed class SkipStatusCodePages : ISkipStatusCodePagesMetadata;
}

/// <summary>
/// Answers a failure on a data API path that no endpoint caught — above all a store outage while the
/// caller is identified, which happens in the authorization step, before the endpoint filter — with
/// the endpoints' own problem (<see cref="DataApi.FailureProblem"/>). Registered for both middlewares
/// that catch it: the exception handler outside Development and, in Development, the developer
/// exception page, whose page would print the request's headers, the bearer token among them.
/// Other paths are left to them.
/// </summary>
internal sealed class DataApiFailures : IExceptionHandler, IDeveloperPageExceptionFilter
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at its error page: the path asked for is in the feature.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } asked ? new PathString(asked) : httpContext.Request.Path;
        if (!DataApi.IsApiPath(path))
        {
            return false;
        }
        // The middleware does not log an exception a handler took care of.
        DataApi.LogFailure(httpContext, exception, path);
        await DataApi.FailureProblem(httpContext, exception).ExecuteAsync(httpContext);
        return true;
    }

    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        if (!DataApi.IsApiPath(errorContext.HttpContext.Request.Path))
        {
            await next(errorContext);
            return;
        }
        // The developer exception page has logged it already.
        await DataApi.FailureProblem(errorContext.HttpContext, errorContext.Exception).ExecuteAsync(errorContext.HttpContext);
    }
}

/// <summary>The customer the request's token belongs to, found by the API's authorization policy.</summary>
public sealed record ApiCustomer(LeafyUser User)
{
    public static ValueTask<ApiCustomer?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<ApiCustomer?>(DataApiAuthentication.CustomerOf(context) is { } user
            ? new ApiCustomer(user)
            : throw new InvalidOperationException($"The data API's endpoints require the {DataApiAuthentication.CustomerPolicy} policy, which finds the customer."));
}
