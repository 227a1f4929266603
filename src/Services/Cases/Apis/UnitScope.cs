using System.Security.Claims;

namespace Tthc.Cases.Apis;

/// <summary>Which units' dossiers a caller may see: the provincial office and the platform all, others their own.</summary>
internal static class UnitScope
{
    public static bool SeesEveryUnit(ClaimsPrincipal user) =>
        user.IsInRole(TthcRoles.Province) || user.IsInRole(TthcRoles.Platform);

    public static bool CanSee(ClaimsPrincipal user, string unitCode) =>
        SeesEveryUnit(user) || string.Equals(user.UnitCode(), unitCode, StringComparison.Ordinal);

    /// <summary>
    /// The unit filter to apply: the requested unit if the caller may see it, the caller's own unit if none was asked,
    /// or null (every unit) for callers who see all. False when the caller asks for a unit not theirs.
    /// </summary>
    public static bool TryResolve(ClaimsPrincipal user, string? requested, out string? unitCode)
    {
        if (SeesEveryUnit(user))
        {
            unitCode = string.IsNullOrWhiteSpace(requested) ? null : requested;
            return true;
        }

        unitCode = user.UnitCode();
        return unitCode is not null && (string.IsNullOrWhiteSpace(requested) || requested == unitCode);
    }
}
