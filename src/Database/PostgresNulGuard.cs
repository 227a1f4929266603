using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tthc.Database;

/// <summary>
/// PostgreSQL cannot hold a NUL (U+0000) in text and refuses a command that sends one, where SQLite takes it. The HTTP
/// edge refuses NULs (a 400); whatever else brings one (a gRPC question, an event) gets it as U+FFFD, the replacement
/// character: a lookup then finds nothing, as it would on SQLite, instead of failing.
/// </summary>
internal sealed class PostgresNulGuard : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Replace(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Replace(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Replace(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Replace(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Replace(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Replace(command);
        return ValueTask.FromResult(result);
    }

    private static void Replace(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            switch (parameter.Value)
            {
                case string text when text.Contains('\0'):
                    parameter.Value = text.Replace('\0', '\uFFFD');
                    break;
                case string[] texts when texts.Any(t => t?.Contains('\0') == true):
                    parameter.Value = texts.Select(t => t?.Replace('\0', '\uFFFD')).ToArray();
                    break;
                case List<string> texts when texts.Any(t => t?.Contains('\0') == true):
                    parameter.Value = texts.ConvertAll(t => t?.Replace('\0', '\uFFFD'));
                    break;
            }
        }
    }
}
