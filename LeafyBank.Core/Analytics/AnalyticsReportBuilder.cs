using System.Globalization;
using LeafyBank.Core.Position;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// Turns an engine's raw aggregates into the published report: converts to the reference
/// currency, then suppresses. Pure, so both engines share it and tests can feed it directly.
/// <para>
/// Suppression has two steps. Primary: a figure about 1 to k−1 distinct customers is hidden, and
/// so is every part of such a group, zeros included.
/// Complementary: where a table publishes a total and some of its parts are hidden, the
/// smallest shown part is hidden too, so the total minus the parts shown never equals a group
/// of fewer than k customers (the hidden remainder then always includes a group of k or more).
/// </para>
/// </summary>
public static class AnalyticsReportBuilder
{
    public static AnalyticsReport Build(AnalyticsSnapshot snapshot, ExchangeRates rates, int minimumCustomers, DateTime computedAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCustomers, AnalyticsSettings.SmallestAllowed);
        var k = minimumCustomers;
        var baseCurrency = rates.ReferenceCurrency;
        var unconverted = new SortedSet<string>(StringComparer.Ordinal);
        var converted = new List<(AmountCell Cell, decimal Amount)>();
        foreach (var cell in snapshot.Amounts)
        {
            var currency = cell.Currency.Trim().ToUpperInvariant();
            if (rates.RateBetween(currency, baseCurrency) is { } rate)
            {
                converted.Add((cell, cell.Amount * rate));
            }
            else
            {
                // Unknown currencies are named, never guessed: their amounts stay out of every sum.
                unconverted.Add(currency);
            }
        }

        var counts = snapshot.Customers.ToDictionary(c => (c.Dimension, c.Measure, c.Bank, c.Type));
        CustomerCount Count(string dimension, string measure, string bank = "", string type = "") =>
            counts.GetValueOrDefault((dimension, measure, bank, type)) ?? new CustomerCount(dimension, measure, bank, type, 0, 0, 0);
        Cell Sum(int customers, Func<AmountCell, bool> include)
        {
            var items = converted.Where(entry => include(entry.Cell)).ToList();
            return new Cell(k, customers, items.Sum(entry => entry.Cell.Items), items.Sum(entry => entry.Amount));
        }

        // Totals and per-bank deposits and debt.
        var allDeposits = Count(AnalyticsDimensions.All, AnalyticsMeasures.Deposits);
        var allDebt = Count(AnalyticsDimensions.All, AnalyticsMeasures.Debt);
        var totalDeposits = Sum(allDeposits.Customers, c => c.Measure == AnalyticsMeasures.Deposits);
        var totalDebt = Sum(allDebt.Customers, c => c.Measure == AnalyticsMeasures.Debt);
        var customers = Cell.CountOnly(k, Count(AnalyticsDimensions.AllAnyMeasure, AnalyticsMeasures.Any).Customers);

        var bankNames = snapshot.Amounts.Select(c => c.Bank)
            .Concat(snapshot.Customers.Where(c => c.Dimension == AnalyticsDimensions.BankAnyMeasure).Select(c => c.Bank))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var banks = bankNames.Select(bank =>
        {
            var row = new
            {
                Bank = bank,
                Customers = Cell.CountOnly(k, Count(AnalyticsDimensions.BankAnyMeasure, AnalyticsMeasures.Any, bank).Customers),
                Deposits = Sum(Count(AnalyticsDimensions.Bank, AnalyticsMeasures.Deposits, bank).Customers, c => c.Measure == AnalyticsMeasures.Deposits && c.Bank == bank),
                Debt = Sum(Count(AnalyticsDimensions.Bank, AnalyticsMeasures.Debt, bank).Customers, c => c.Measure == AnalyticsMeasures.Debt && c.Bank == bank),
            };
            Cell.HideWithinSmallGroup(row.Customers, row.Deposits, row.Debt);
            return row;
        }).ToList();
        Cell.Protect(totalDeposits, banks.Select(b => b.Deposits));
        Cell.Protect(totalDebt, banks.Select(b => b.Debt));

        // Product mix: account types add up to the deposits, loan and mortgage types to the debt.
        var mix = new List<(string Type, ProductMixKind Kind, Cell Cell)>();
        foreach (var (kind, measure, total) in new[]
                 {
                     (ProductMixKind.Account, AnalyticsMeasures.Deposits, totalDeposits),
                     (ProductMixKind.Debt, AnalyticsMeasures.Debt, totalDebt),
                     (ProductMixKind.OtherProduct, AnalyticsMeasures.OtherProducts, (Cell?)null),
                 })
        {
            var types = snapshot.Amounts.Where(c => c.Measure == measure).Select(c => c.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var cells = types.Select(type => (type, kind, Sum(Count(AnalyticsDimensions.Type, measure, type: type).Customers, c => c.Measure == measure && c.Type == type))).ToList();
            if (total is not null)
            {
                Cell.Protect(total, cells.Select(entry => entry.Item3));
            }
            mix.AddRange(cells);
        }

        // Green share: within each scope green + not green = the total; across banks the greens add up to all banks' green.
        GreenCells GreenOf(CustomerCount count, Cell total, string measure, string? bank)
        {
            bool InScope(AmountCell c) => c.Measure == measure && (bank is null || c.Bank == bank);
            var green = Sum(count.GreenCustomers, c => InScope(c) && c.Green);
            var notGreen = Sum(count.NonGreenCustomers, c => InScope(c) && !c.Green);
            Cell.HideWithinSmallGroup(total, green);
            Cell.Protect(total, [green, notGreen]);
            return new GreenCells(green, total);
        }
        var overallGreen = (Deposits: GreenOf(allDeposits, totalDeposits, AnalyticsMeasures.Deposits, null),
            Debt: GreenOf(allDebt, totalDebt, AnalyticsMeasures.Debt, null));
        var bankGreens = banks.Select(b => (b.Bank,
            Deposits: GreenOf(Count(AnalyticsDimensions.Bank, AnalyticsMeasures.Deposits, b.Bank), b.Deposits, AnalyticsMeasures.Deposits, b.Bank),
            Debt: GreenOf(Count(AnalyticsDimensions.Bank, AnalyticsMeasures.Debt, b.Bank), b.Debt, AnalyticsMeasures.Debt, b.Bank))).ToList();
        Cell.Protect(overallGreen.Deposits.Green, bankGreens.Select(g => g.Deposits.Green));
        Cell.Protect(overallGreen.Debt.Green, bankGreens.Select(g => g.Debt.Green));

        // Connection health: the states of one bank's connections add up to its connections.
        var connections = snapshot.Connections
            .GroupBy(c => c.Bank, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(bank =>
            {
                Cell State(string health) => Cell.CountOnly(k, bank.Where(c => c.Health == health).Sum(c => c.Connections));
                var states = new[] { State(ConnectionHealth.Active), State(ConnectionHealth.ExpiringSoon), State(ConnectionHealth.ExpiredOrRevoked), State(ConnectionHealth.Failing) };
                var total = Cell.CountOnly(k, bank.Sum(c => c.Connections));
                Cell.HideWithinSmallGroup(total, states);
                Cell.Protect(total, states);
                return new ConnectionHealthEntry(bank.Key, total.ToFigure(), states[0].ToFigure(), states[1].ToFigure(), states[2].ToFigure(), states[3].ToFigure());
            })
            .ToList();

        return new AnalyticsReport(
            baseCurrency, k, rates.AsOf, rates.Method, MethodText(k), computedAt,
            customers.ToFigure(), totalDeposits.ToFigure(), totalDebt.ToFigure(),
            [.. banks.Select(b => new BankAnalytics(b.Bank, b.Customers.ToFigure(), b.Deposits.ToFigure(), b.Debt.ToFigure()))],
            [.. mix.Select(m => new ProductMixEntry(m.Type, m.Kind, m.Cell.ToFigure()))],
            [GreenEntry(null, overallGreen.Deposits, overallGreen.Debt), .. bankGreens.Select(g => GreenEntry(g.Bank, g.Deposits, g.Debt))],
            connections,
            [.. unconverted]);
    }

    public static string MethodText(int minimumCustomers) =>
        string.Create(CultureInfo.InvariantCulture, $"A figure is shown only when it aggregates at least {minimumCustomers} distinct customers; smaller groups are reported as suppressed, never with their numbers. ") +
        "Where a table shows a total, one more group is suppressed whenever the total minus the groups shown would reveal a suppressed one. " +
        "Green share is the part of deposits or debt held in accounts and products that carry a bank's green narrative.";

    private static GreenShareEntry GreenEntry(string? bank, GreenCells deposits, GreenCells debt) =>
        new(bank, deposits.Green.ToFigure(), deposits.Total.ToFigure(), Share(deposits), debt.Green.ToFigure(), debt.Total.ToFigure(), Share(debt));

    private static decimal? Share(GreenCells cells) =>
        cells.Green.Hidden || cells.Total.Hidden || cells.Total.Amount == 0m
            ? null
            : decimal.Round(cells.Green.Amount / cells.Total.Amount, 4, MidpointRounding.AwayFromZero);

    private sealed record GreenCells(Cell Green, Cell Total);

    /// <summary>A figure while it is being decided; the customer count stays in here when the figure is hidden.</summary>
    private sealed class Cell
    {
        private readonly int minimum;

        public Cell(int minimum, int customers, int? items, decimal? amount)
        {
            this.minimum = minimum;
            Customers = customers;
            Items = items;
            AmountOrNull = amount;
            if (customers > 0 && customers < minimum)
            {
                InSmallGroup = true;
                Reason = string.Create(CultureInfo.InvariantCulture, $"suppressed: fewer than {minimum} customers");
            }
        }

        public static Cell CountOnly(int minimum, int customers) => new(minimum, customers, null, null);

        public int Customers { get; }
        public int? Items { get; }
        public decimal? AmountOrNull { get; }
        public decimal Amount => AmountOrNull ?? 0m;
        public string? Reason { get; private set; }
        public bool Hidden => Reason is not null;

        /// <summary>The figure describes fewer than k customers, itself or as part of such a group.</summary>
        public bool InSmallGroup { get; private set; }

        /// <summary>
        /// Every part of a group of fewer than k customers is hidden, even a zero: "none of them
        /// has a green account" is a fact about those few customers too.
        /// </summary>
        public static void HideWithinSmallGroup(Cell group, params IEnumerable<Cell> parts)
        {
            if (group.InSmallGroup)
            {
                foreach (var part in parts)
                {
                    part.InSmallGroup = true;
                    part.Reason ??= group.Reason;
                }
            }
        }

        /// <summary>Complementary suppression for one total and the parts that add up to it.</summary>
        public static void Protect(Cell total, IEnumerable<Cell> parts)
        {
            if (total.Hidden)
            {
                return;
            }
            var list = parts.ToList();
            var hidden = list.Where(part => part.Hidden && part.Customers > 0).ToList();
            // The hidden parts together hold at least as many customers as the largest of them:
            // once that is k or more, the remainder no longer describes a small group.
            if (hidden.Count == 0 || hidden.Max(part => part.Customers) >= total.minimum)
            {
                return;
            }
            var smallestShown = list.Where(part => !part.Hidden && part.Customers > 0)
                .OrderBy(part => part.Customers).ThenBy(part => part.Amount).FirstOrDefault();
            smallestShown?.Reason = string.Create(CultureInfo.InvariantCulture,
                $"suppressed: would reveal a group of fewer than {total.minimum} customers");
        }

        public Figure ToFigure() => Hidden
            ? Figure.Hidden(Reason!)
            : new Figure(Customers, Items, AmountOrNull is { } amount ? decimal.Round(amount, 2, MidpointRounding.AwayFromZero) : null, null);
    }
}
