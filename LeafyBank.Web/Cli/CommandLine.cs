using System.Globalization;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Interop;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;
using LeafyBank.Core.Security;
using LeafyBank.Core.Security.Sessions;
using LeafyBank.Core.Seeding;

namespace LeafyBank.Web.Cli;

/// <summary>
/// The operator commands run instead of the web app: <c>dotnet run --project LeafyBank.Web -- import|export|position|seed-demo|link-identity|unlink-identity|help …</c>.
/// They work on the configured store (embedded by default, MongoDB when <c>MONGODB_URI</c> is set).
/// Exit codes: 0 done, 1 failed (bad data, unknown user, store unreachable), 2 wrong usage.
/// </summary>
public static class CommandLine
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    private static readonly string[] Commands = ["import", "export", "position", "seed-demo", "link-identity", "unlink-identity", "help"];

    /// <summary>The demo population's customers are demo0000000, demo0000001…: never confused with real ones.</summary>
    public const string DemoLabel = "demo";
    public const int DefaultDemoCustomers = 500;
    public const int MostDemoCustomers = 100_000;

    /// <summary>How many documents an import report names among those it kept because the store's copy is newer.</summary>
    private const int MostKeptShown = 10;

    private static readonly string Usage = $"""
        Usage: dotnet run --project LeafyBank.Web -- <command>

          import [--collection NAME] [--create-users] FILE...
              Loads mongoexport-style Extended JSON (an array, or one document per line) into
              {string.Join(", ", ImportTargets.Collections)}. The collection comes from the file name
              (open_finance.external_accounts.json) unless --collection says it. All files are
              checked first; if any is invalid nothing is written, and the first problem is shown
              with its file, document and line. Re-importing changes nothing. Accounts and products
              keep the date their file gives them (when their data was read, in an export); a stored
              document newer than the file's (read later, or a token refreshed or used since) is kept,
              and the report names it.
              --create-users creates the users that documents name and the store does not know;
              without it such documents are refused.
              Limits (a file that breaks one is refused whole):
                - {string.Join(Environment.NewLine + "        - ", ImportLimits.Describe())}
          export [--include-keys] DIR
              Writes every collection to DIR/open_finance.<collection>.json for mongoimport.
              --include-keys also writes the key ring that decrypts the stored tokens.
          position USERNAME
              Prints the user's global position as JSON: totals (balance, debt, net worth) in the
              user's base currency; by institution, type and currency; loans with rate, term,
              estimated monthly payment and payoff date; the green share and its narratives;
              how current each bank's figures are; and the conversion rates used.
          seed-demo [--customers N]
              Adds N generated demo customers (demo0000000…, default {DefaultDemoCustomers}, at most {MostDemoCustomers}) with
              accounts, loans and consents at the four sandbox banks, so /analytics has groups large
              enough to show figures. Run once per store: a second run with the same N changes nothing;
              a different N, or any run after one that stopped part-way, is refused.
          link-identity USERNAME ISSUER SUBJECT
              Lets the customer USERNAME sign in with the identity ISSUER + SUBJECT (the iss and sub
              of your provider's tokens; a refused sign-in's log line names both). Needed for every
              customer when first sign-ins are not linked by user name (LEAFYBANK_OIDC_LINK_BY_USERNAME,
              off at a real provider). One identity per customer and provider.
          unlink-identity ISSUER SUBJECT
              Removes that identity's link and ends its customer's sign-in sessions; running app
              instances stop accepting it within 30 seconds.
          help
              Shows this text.
        """;

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && Commands.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!IsCommand(args))
        {
            return await UsageFailureAsync(error, args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'.");
        }

        var rest = args[1..];
        try
        {
            return args[0].ToLowerInvariant() switch
            {
                "import" => await ImportAsync(rest, services, output, error, ct),
                "export" => await ExportAsync(rest, services, output, error, ct),
                "position" => await PositionAsync(rest, services, output, error, ct),
                "seed-demo" => await SeedDemoAsync(rest, services, output, error, ct),
                "link-identity" => await LinkIdentityAsync(rest, services, output, error, ct),
                "unlink-identity" => await UnlinkIdentityAsync(rest, services, output, error, ct),
                _ => await HelpAsync(output),
            };
        }
        catch (StoreUnavailableException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return Failed;
        }
        catch (DocumentConflictException exception)
        {
            // Checked before writing, so only a concurrent writer gets here; every write is idempotent.
            await error.WriteLineAsync($"{exception.Message} Another process changed the store during the import; run the same import again.");
            return Failed;
        }
    }

    private static async Task<int> ImportAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string? collection = null;
        var createUsers = false;
        var files = new List<string>();
        for (var index = 0; index < args.Length; index++)
        {
            var argument = args[index];
            if (argument.StartsWith("--collection=", StringComparison.Ordinal))
            {
                collection = argument["--collection=".Length..];
            }
            else if (argument == "--collection")
            {
                if (index + 1 >= args.Length)
                {
                    return await UsageFailureAsync(error, "--collection needs a name.");
                }
                collection = args[++index];
            }
            else if (argument == "--create-users")
            {
                createUsers = true;
            }
            else if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                return await UsageFailureAsync(error, $"Unknown option '{argument}' for import.");
            }
            else
            {
                files.Add(argument);
            }
        }

        if (collection is not null && ImportTargets.FromName(collection) is null)
        {
            return await UsageFailureAsync(error, $"--collection '{collection}' is not one of {string.Join(", ", ImportTargets.Collections)}.");
        }
        if (files.Count == 0)
        {
            return await UsageFailureAsync(error, "import needs at least one FILE.");
        }

        var missing = files.Where(file => !File.Exists(file)).ToList();
        if (missing.Count > 0)
        {
            await error.WriteLineAsync($"Not found: {string.Join(", ", missing)}. Check the path; nothing was imported.");
            return Failed;
        }

        var sources = new List<ImportSource>();
        foreach (var file in files)
        {
            try
            {
                sources.Add(new ImportSource(file, await File.ReadAllBytesAsync(file, ct), collection));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A directory, a file without read permission, or one too large to hold in memory.
                await error.WriteLineAsync(OneLine($"Cannot read {file}: {exception.Message} Nothing was imported."));
                return Failed;
            }
        }

        var importer = new OpenFinanceImporter(
            services.GetRequiredService<IDocumentStore>(),
            services.GetRequiredService<TokenProtector>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System);
        var result = await importer.ImportAsync(sources, new ImportOptions { CreateUsers = createUsers }, ct);

        if (!result.Succeeded)
        {
            // One line, the first problem: a script can show it as it is, and fixing it often fixes the ones after it.
            var more = result.Problems.Count - 1;
            await error.WriteLineAsync(OneLine($"{result.Problems[0]} Nothing was imported" + (more == 0
                ? "."
                : $"; {more} more problem{(more == 1 ? " was" : "s were")} found after this one (run the import again once this is fixed).")));
            return Failed;
        }

        foreach (var file in result.Files)
        {
            await output.WriteLineAsync($"{file.File} -> {file.Collection}: {file.Inserted} inserted, {file.Updated} updated, {file.Unchanged} unchanged" +
                                        (file.Kept.Count == 0 ? "." : $", {file.Kept.Count} kept (the store's copy is newer)."));
            foreach (var warning in file.Warnings)
            {
                await output.WriteLineAsync($"  note: {warning}");
            }
            // An older export imported again: say which documents stayed as they were, a few by name.
            foreach (var kept in file.Kept.Take(MostKeptShown))
            {
                await output.WriteLineAsync(OneLine($"  kept: {kept}"));
            }
            if (file.Kept.Count > MostKeptShown)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  kept: {file.Kept.Count - MostKeptShown:N0} more, each newer in the store than in {file.File}."));
            }
        }
        if (result.UsersCreated.Count > 0)
        {
            await output.WriteLineAsync($"New users created: {string.Join(", ", result.UsersCreated)}.");
        }
        await output.WriteLineAsync(result.AuditEventsWritten == 0
            ? "Nothing changed."
            : $"{result.AuditEventsWritten} audit event(s) recorded.");
        return Succeeded;
    }

    private static async Task<int> ExportAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var includeKeys = args.Contains("--include-keys", StringComparer.Ordinal);
        var unknownOption = args.FirstOrDefault(argument => argument.StartsWith("--", StringComparison.Ordinal) && argument != "--include-keys");
        if (unknownOption is not null)
        {
            return await UsageFailureAsync(error, $"Unknown option '{unknownOption}' for export.");
        }
        var directories = args.Where(argument => !argument.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (directories.Count != 1)
        {
            return await UsageFailureAsync(error, "export needs exactly one DIR.");
        }

        IReadOnlyList<ExportedCollection> exported;
        try
        {
            exported = await new OpenFinanceExporter(services.GetRequiredService<IDocumentStore>())
                .ExportAsync(directories[0], includeKeys, ct);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot write to {directories[0]}: {exception.Message} Choose a writable directory.");
            return Failed;
        }

        foreach (var collection in exported)
        {
            await output.WriteLineAsync($"{collection.Path}: {collection.Documents} document(s)");
        }
        if (!includeKeys)
        {
            await output.WriteLineAsync(
                $"{OpenFinanceExporter.KeyRingCollection} was not exported: the tokens stay encrypted and only this deployment can read them. " +
                "Add --include-keys to move them too (keep that file as secret as a password).");
        }
        await output.WriteLineAsync($"Load into MongoDB with: mongoimport --uri <your Atlas URI> --db open_finance --collection <collection> --file <file>");
        return Succeeded;
    }

    private static async Task<int> PositionAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args.Length != 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return await UsageFailureAsync(error, "position needs exactly one USERNAME.");
        }

        var position = await services.GetRequiredService<GlobalPositionService>().GetForUserNameAsync(args[0], ct);
        if (position is null)
        {
            var known = await StoreDirectory.UserNamesLikeAsync(services.GetRequiredService<IDocumentStore>(), args[0], cancellationToken: ct);
            await error.WriteLineAsync(known.Total == 0
                ? $"No user named '{args[0]}', and the store has no users yet. Import some data first."
                : $"No user named '{args[0]}'. {Offered(known, "users")}");
            return Failed;
        }

        await output.WriteLineAsync(PositionJson.Serialize(position));
        return Succeeded;
    }

    private static async Task<int> SeedDemoAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var customers = DefaultDemoCustomers;
        for (var index = 0; index < args.Length; index++)
        {
            var argument = args[index];
            string? value = null;
            if (argument.StartsWith("--customers=", StringComparison.Ordinal))
            {
                value = argument["--customers=".Length..];
            }
            else if (argument == "--customers")
            {
                if (index + 1 >= args.Length)
                {
                    return await UsageFailureAsync(error, "--customers needs a number.");
                }
                value = args[++index];
            }
            else
            {
                return await UsageFailureAsync(error, $"Unknown argument '{argument}' for seed-demo.");
            }
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out customers) || customers is < 1 or > MostDemoCustomers)
            {
                return await UsageFailureAsync(error, $"--customers must be a whole number from 1 to {MostDemoCustomers:N0}, not '{value}'.");
            }
        }

        var store = services.GetRequiredService<IDocumentStore>();
        var users = store.Collection(OpenFinanceCollections.Users);
        // Customers are written in order, each batch's users after all of its data, so the last customer
        // present means the whole population is; the first customer's internal accounts (written first)
        // mean a load started, finished or not.
        if (await users.FindByKeyAsync([PopulationGenerator.UserName(DemoLabel, customers - 1)], ct) is not null
            && await users.FindByKeyAsync([PopulationGenerator.UserName(DemoLabel, customers)], ct) is null)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"The {customers:N0} demo customers are already in the store; nothing changed."));
            return Succeeded;
        }
        var firstCustomer = PopulationGenerator.UserId(DemoLabel, 0);
        if (await users.FindByKeyAsync([PopulationGenerator.UserName(DemoLabel, 0)], ct) is not null
            || (await store.Collection(OpenFinanceCollections.InternalAccounts).FindAsync(firstCustomer, cancellationToken: ct)).Count > 0)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"The store already holds demo customers that are not a complete population of {customers:N0}: another size, or an earlier seed-demo that stopped part-way; nothing was added. ") +
                "To seed them, start from an empty store (a new LEAFYBANK_DATA_DIR, or a new MongoDB database) and run seed-demo there.");
            return Failed;
        }

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var generator = new PopulationGenerator(new PopulationOptions
        {
            Label = DemoLabel,
            Customers = customers,
            // A few customers with transactions, so their dashboards have something to show too.
            HeavyCustomers = Math.Min(customers, 5),
            TransactionsPerHeavyCustomer = 200,
            Now = time.GetUtcNow().UtcDateTime,
        });
        var summary = await generator.LoadAsync(store, progress => error.WriteLine(progress), ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Added {summary.Users:N0} demo customers: {summary.Accounts:N0} linked accounts, {summary.Products:N0} loans and other products, ") +
            string.Create(CultureInfo.InvariantCulture, $"{summary.Consents:N0} consents and {summary.Transactions:N0} transactions at the four sandbox banks. ") +
            "Sign in as the analyst and open /analytics to see them aggregated.");
        return Succeeded;
    }

    private static async Task<int> LinkIdentityAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args.Length != 3 || args.Any(argument => argument.StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(argument)))
        {
            return await UsageFailureAsync(error, "link-identity needs USERNAME ISSUER SUBJECT.");
        }
        var (userName, issuer, subject) = (args[0], args[1], args[2]);
        switch (await Identities(services).LinkAsync(userName, issuer, subject, ct))
        {
            case IdentityLink.Linked:
                await output.WriteLineAsync($"{userName} can now sign in as subject {subject} at {issuer}.");
                return Succeeded;
            case IdentityLink.AlreadyLinked:
                await output.WriteLineAsync($"{userName} was already linked to subject {subject} at {issuer}; nothing changed.");
                return Succeeded;
            case IdentityLink.UnknownCustomer:
                var known = await StoreDirectory.UserNamesLikeAsync(services.GetRequiredService<IDocumentStore>(), userName, cancellationToken: ct);
                await error.WriteLineAsync(known.Total == 0
                    ? $"No customer named '{userName}', and the store has no customers yet. Import them first; nothing was linked."
                    : $"No customer named '{userName}'; nothing was linked. {Offered(known, "customers")}");
                return Failed;
            case IdentityLink.SubjectLinkedToAnother:
                await error.WriteLineAsync($"Subject {subject} at {issuer} is linked to another customer; nothing was linked. " +
                                           $"If that link is wrong, remove it first: unlink-identity {issuer} {subject}");
                return Failed;
            default:
                await error.WriteLineAsync($"{userName} is already linked to another identity at {issuer} (one per customer and provider); nothing was linked. " +
                                           "If that one is wrong, remove it first with unlink-identity (its subject is in customer_identities).");
                return Failed;
        }
    }

    private static async Task<int> UnlinkIdentityAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args.Length != 2 || args.Any(argument => argument.StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(argument)))
        {
            return await UsageFailureAsync(error, "unlink-identity needs ISSUER SUBJECT.");
        }
        var (issuer, subject) = (args[0], args[1]);
        if (await Identities(services).UnlinkAsync(issuer, subject, ct) is not { } customer)
        {
            await error.WriteLineAsync($"Subject {subject} at {issuer} is not linked to any customer; nothing changed. Check both against the provider's token.");
            return Failed;
        }
        // A session started under the removed link still names the customer: end them all, as "Sign out everywhere" does.
        var ended = await new CustomerSessions(services.GetRequiredService<IDocumentStore>(), SessionLifetime.Default,
            services.GetService<TimeProvider>() ?? TimeProvider.System).EndAllAsync(customer.UserId, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Subject {subject} at {issuer} no longer signs in as {customer.UserName}; {ended} sign-in session(s) of {customer.UserName} ended."));
        return Succeeded;
    }

    private static CustomerIdentities Identities(IServiceProvider services) => new(services.GetRequiredService<IDocumentStore>(),
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        services.GetService<ILoggerFactory>()?.CreateLogger<CustomerIdentities>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<CustomerIdentities>.Instance);

    /// <summary>"Known users: a, b." — or, in a store of thousands, the closest few and how many more there are.</summary>
    private static string Offered(NameSuggestions known, string noun) => known.IsEveryName
        ? $"Known {noun}: {string.Join(", ", known.Names)}."
        : string.Create(CultureInfo.InvariantCulture,
            $"The {known.Names.Count} closest of the {known.Total:N0} {noun}: {string.Join(", ", known.Names)}; {known.Total - known.Names.Count:N0} more not shown.");

    /// <summary>A message as one line: control characters an import file brought into it are shown escaped, never printed.</summary>
    private static string OneLine(string message) =>
        string.Concat(message.Select(character => char.IsControl(character)
            ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)character:X4}")
            : character.ToString()));

    private static async Task<int> HelpAsync(TextWriter output)
    {
        await output.WriteLineAsync(Usage);
        return Succeeded;
    }

    private static async Task<int> UsageFailureAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync(problem);
        await error.WriteLineAsync(Usage);
        return UsageError;
    }
}
