using LeafyBank.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>
/// What SQLite raises when the database file cannot be used: held locked by another process past
/// the busy timeout, read-only, unreadable or unwritable, damaged, not a database, or on a full
/// disk (and the file system's own errors around it). A SQL or constraint error is not among them:
/// the first is a programming error, the second the collection's <see cref="DocumentConflictException"/>.
/// </summary>
internal sealed class SqliteFailures(SqliteDocumentStore store) : StoreFailures
{
    // SQLite's primary result codes (the low byte of an extended code).
    private const int Permission = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int InputOutput = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CannotOpen = 14;
    private const int Protocol = 15;
    private const int NotADatabase = 26;

    protected override bool MeansUnavailable(Exception exception) => exception switch
    {
        SqliteException sqlite => What(sqlite) is not null,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    protected override string Explain(Exception exception)
    {
        var check = exception is SqliteException sqlite ? What(sqlite) : null;
        return $"The embedded store at {store.DatabasePath} cannot be used: {exception.Message} " +
               $"Check {check ?? $"that {ConfigurationKeys.DataDirectory} points to a writable directory"}.";
    }

    /// <summary>What to check for a SQLite error that means the file cannot be used; null for any other error.</summary>
    private static string? What(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) switch
    {
        Busy or Locked or Protocol => "that no other process holds the database file locked",
        ReadOnly or Permission or CannotOpen =>
            $"that {ConfigurationKeys.DataDirectory} points to a directory this process may write, and that the file is still there",
        InputOutput or Full => "that the disk holding the data directory is present and has free space",
        Corrupt or NotADatabase => "that the file is the app's database and undamaged (restore it from a backup or an export)",
        _ => null,
    };
}
