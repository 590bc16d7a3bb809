using Microsoft.Data.Sqlite;

namespace LeafyBank.Tests.Web;

/// <summary>A fresh directory for one embedded store, removed (with its pooled SQLite handles) afterwards.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("leafybank-web-tests-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing: the OS temp directory is cleaned eventually.
        }
    }
}
