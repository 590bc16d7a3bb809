namespace LeafyBank.Core.Security;

/// <summary>
/// The data directory and database files readable by the app's own user only (0700 and 0600 on
/// Unix): they hold the customers' data and the key ring that decrypts their bank tokens.
/// Files created earlier with wider modes are narrowed; a path the app does not own is left as
/// it is (the deployment chose it). Nothing happens on Windows, where ACLs are inherited instead.
/// </summary>
public static class OwnerOnlyFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>SQLite's companions of a database file; it gives them the database file's mode when it creates them.</summary>
    private static readonly string[] SqliteCompanions = ["-wal", "-shm", "-journal"];

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
        Narrow(path, DirectoryMode);
    }

    /// <summary>
    /// Creates an empty SQLite database file with mode 0600 before SQLite does (it would use the
    /// process's umask, typically 0644), so the database and its WAL and shared-memory files are the owner's alone.
    /// </summary>
    public static void PrepareSqliteFile(string databasePath)
    {
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            using var created = new FileStream(databasePath, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // It exists already: narrowed below.
        }
        foreach (var path in SqliteCompanions.Select(suffix => databasePath + suffix).Prepend(databasePath))
        {
            if (File.Exists(path))
            {
                Narrow(path, FileMode);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, UnixFileMode mode)
    {
        try
        {
            var current = File.GetUnixFileMode(path);
            if ((current & ~mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                    UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                File.SetUnixFileMode(path, current & mode);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to change: the deployment owns this path and its mode.
        }
    }
}
