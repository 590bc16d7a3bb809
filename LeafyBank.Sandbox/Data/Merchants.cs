namespace LeafyBank.Sandbox.Data;

/// <summary>Where the sandbox customers spend their money, by the currency of the account.</summary>
internal sealed record Merchants(
    string[] Groceries,
    string[] Dining,
    string[] Transport,
    string[] Shopping,
    string[] Health,
    string Energy,
    string Phone,
    string Streaming,
    string Gym,
    string Landlord,
    string[] Streets)
{
    public static Merchants For(string currency) => currency switch
    {
        "EUR" => Euro,
        "GBP" => Sterling,
        _ => Dollar,
    };

    private static readonly Merchants Dollar = new(
        ["Whole Foods Market", "Trader Joe's", "Safeway", "Costco"],
        ["Starbucks", "Chipotle", "Sweetgreen", "Joe's Pizza"],
        ["Uber", "Lyft", "Shell", "MTA"],
        ["Amazon", "Target", "REI", "Best Buy", "Patagonia"],
        ["CVS Pharmacy", "Walgreens"],
        "Con Edison", "Verizon", "Netflix", "Equinox", "Parkside Property Management",
        ["123 Main St", "48 Hudson Ave", "9 Lakeview Dr"]);

    private static readonly Merchants Euro = new(
        ["Billa", "Spar", "Hofer", "Lidl"],
        ["Café Central", "Vapiano", "Figlmüller", "Aida"],
        ["Wiener Linien", "ÖBB", "OMV", "Bolt"],
        ["Zalando", "MediaMarkt", "Thalia", "dm drogerie markt"],
        ["Apotheke zum Löwen"],
        "Wien Energie", "A1 Telekom", "Spotify", "John Harris Fitness", "Hausverwaltung Donaupark",
        ["Praterstraße 12", "Lindengasse 7", "Kaiserstraße 31"]);

    private static readonly Merchants Sterling = new(
        ["Tesco", "Sainsbury's", "Waitrose", "Marks & Spencer Food"],
        ["Pret A Manger", "Dishoom", "Costa Coffee", "Wagamama"],
        ["Transport for London", "Trainline", "BP", "Uber"],
        ["John Lewis", "Argos", "Amazon UK", "Waterstones"],
        ["Boots"],
        "Octopus Energy", "Vodafone UK", "Netflix", "PureGym", "Riverside Lettings",
        ["14 Cheyne Walk", "3 Rotherhithe St", "27 Kew Green"]);
}

/// <summary>The categories the sandbox banks put on transactions.</summary>
public static class SandboxCategories
{
    public const string Salary = "Salary";
    public const string Rent = "Rent";
    public const string Groceries = "Groceries";
    public const string Dining = "Dining";
    public const string Transport = "Transport";
    public const string Shopping = "Shopping";
    public const string Health = "Health";
    public const string Utilities = "Utilities";
    public const string Subscriptions = "Subscriptions";
    public const string Transfer = "Transfer";
    public const string Interest = "Interest";
    public const string LoanRepayment = "Loan repayment";
}
