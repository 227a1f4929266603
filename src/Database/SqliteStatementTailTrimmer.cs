using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tthc.Database;

/// <summary>
/// Drops the white space EF Core leaves after a command's last statement. Microsoft.Data.Sqlite prepares that tail as
/// one more, empty statement whose handle it never disposes, so every command left one object for the finalizer
/// thread: four or five per dossier received, an eighth of the Cases service's processor time under load.
/// </summary>
internal sealed class SqliteStatementTailTrimmer : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Trim(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Trim(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Trim(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Trim(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Trim(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Trim(command);
        return ValueTask.FromResult(result);
    }

    private static void Trim(DbCommand command)
    {
        var text = command.CommandText;
        if (text.Length > 0 && char.IsWhiteSpace(text[^1]))
        {
            command.CommandText = text.TrimEnd();
        }
    }
}
