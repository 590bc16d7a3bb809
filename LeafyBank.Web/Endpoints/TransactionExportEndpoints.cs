using System.Globalization;
using CsvHelper;
using LeafyBank.Core.Accounts;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Transactions;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Components.Pages.Dashboard;
using LeafyBank.Web.Components.Pages.Transactions;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// The signed-in customer's transactions as a CSV file, filtered exactly as the transactions page
/// is (same query keys, <see cref="TransactionsAddress"/>), every page of the list, newest first.
/// Rows are written as the store returns them, so a long history never sits in memory.
/// The columns are what a customer reconciling with a bank statement reads: the account as the
/// page names it ("Classic Current Account •••• 0891", not the bank's internal id), and no
/// transaction id: the banks' API ids appear on no statement or screen a customer sees.
/// </summary>
public static class TransactionExportEndpoints
{
    public const string ExportPath = "/" + TransactionsAddress.ExportPath;

    /// <summary>The header row, in the order of the columns.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["Date", "Value date", "Bank", "Account", "Description", "Merchant", "Category", "Status", "Amount", "Currency"];

    private const string IsoDate = "yyyy-MM-dd";

    public static IEndpointRouteBuilder MapTransactionExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExportPath, ExportAsync)
            .RequireAuthorization()
            .WithTags("Transactions")
            .WithName("ExportTransactions")
            .WithSummary("The signed-in customer's transactions matching the page's filters, as a CSV file.");
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, CustomerCache customers, ITransactionQuery query, IAccountsQuery accounts,
        TimeProvider timeProvider)
    {
        var user = await CurrentCustomer.FindUserAsync(customers, context.User, context.RequestAborted);
        if (user is null)
        {
            return TypedResults.Problem("You are signed in, but not as a Leafy Bank customer, so there are no transactions to download.",
                statusCode: StatusCodes.Status404NotFound, title: "No transactions for this sign-in");
        }
        var accountNames = await TransactionAccountNames.ReadAsync(accounts, user.Id, context.RequestAborted);
        var (filter, problems) = TransactionsAddress.Parse(context.Request.QueryString.Value).Read(TransactionFilter.MaxPageSize, accountNames);
        if (filter is null)
        {
            return TypedResults.Problem(string.Join(" ", problems.Select(p => p.Message)),
                statusCode: StatusCodes.Status400BadRequest, title: "These filters cannot be used");
        }
        IAsyncEnumerable<ExternalTransaction> rows;
        try
        {
            rows = query.StreamAsync(user.Id, filter, context.RequestAborted);
        }
        catch (TransactionFilterException refused)
        {
            return TypedResults.Problem(refused.Reason, statusCode: StatusCodes.Status400BadRequest, title: "These filters cannot be used");
        }
        // Bank statements are personal: no shared cache keeps a copy.
        context.Response.Headers.CacheControl = "no-store";
        var fileName = string.Create(CultureInfo.InvariantCulture, $"leafybank-transactions-{timeProvider.GetUtcNow():yyyy-MM-dd}.csv");
        return TypedResults.Stream(body => WriteAsync(body, rows, accountNames, context.RequestAborted), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>
    /// Writes the header and one row per transaction, with a byte-order mark so spreadsheet apps
    /// read accents right. Text from banks that starts like a formula (= + - @, tab, CR) gets a
    /// leading apostrophe (OWASP "CSV injection"), so a spreadsheet shows it and never runs it;
    /// amounts and dates are written as numbers and dates, so −5.00 stays a number.
    /// </summary>
    public static async Task WriteAsync(Stream body, IAsyncEnumerable<ExternalTransaction> rows, TransactionAccountNames accountNames,
        CancellationToken cancellationToken)
    {
        var options = new CsvWriterOptions
        {
            Injection = CsvInjection.Escape,
            FormatProvider = CultureInfo.InvariantCulture,
            WriteByteOrderMark = true,
        };
        await using var csv = CsvWriter.Create(body, options, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        var written = 0;
        await foreach (var transaction in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(transaction.BookingDate.ToUniversalTime(), IsoDate);
            if (transaction.ValueDate is { } valueDate)
            {
                csv.WriteField(valueDate.ToUniversalTime(), IsoDate);
            }
            else
            {
                csv.WriteField("");
            }
            csv.WriteField(transaction.TransactionBank);
            // A plain space in the file where the page keeps "••••" and its digits together with a no-break one.
            csv.WriteField(accountNames.Label(transaction.TransactionBank, transaction.AccountId).Replace('\u00A0', ' '));
            csv.WriteField(transaction.Description);
            csv.WriteField(transaction.Merchant ?? "");
            csv.WriteField(TransactionRules.CategoryName(transaction.Category));
            csv.WriteField(string.Equals(transaction.BookingStatus, BookingStatuses.Pending, StringComparison.OrdinalIgnoreCase) ? "Pending" : "Booked");
            csv.WriteField(transaction.Amount, DashboardFormat.FileAmountFormat(transaction.Currency));
            csv.WriteField(transaction.Currency);
            await csv.EndRecordAsync(cancellationToken);
            // Hand rows to the client as they come rather than holding the whole file in the writer.
            if (++written % 500 == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }
        await csv.FlushAsync(cancellationToken);
    }
}
