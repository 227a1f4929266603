namespace Tthc.Tests;

/// <summary>Files a test leaves for a person to look at (screenshots, rendered documents), under <c>artifacts/</c> at the repository root.</summary>
public static class Artifacts
{
    public static string Folder(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tthc.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
