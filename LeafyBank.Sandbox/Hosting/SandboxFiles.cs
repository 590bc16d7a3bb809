namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// The sandbox's directory and database readable by the app's user only (0700/0600 on Unix):
/// they hold the banks' client registration, tokens and signing keys. SQLite gives its WAL and
/// journal files the database file's mode, so preparing the file first covers them too.
/// </summary>
internal static class SandboxFiles
{
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static void PrepareOwnerOnlyDatabase(string path)
    {
        CreateOwnerOnlyDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }
        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }
}
