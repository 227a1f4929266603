using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tthc.Database;

/// <summary>What a database's error means, whichever database said it.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// True when <paramref name="error"/> (or an exception it wraps) is a unique key refusing a second row: two replicas,
    /// or two requests, wrote the same thing at once and this one came second.
    /// </summary>
    public static bool IsUniqueViolation(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 }:
                    return true;
            }
        }

        return false;
    }
}
