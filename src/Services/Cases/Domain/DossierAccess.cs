using System.Security.Claims;

namespace Tthc.Cases.Domain;

/// <summary>
/// Who may read and act on a dossier: the province, the data platform and other services everywhere; staff of the unit
/// that received it, of the unit that holds it for a step, or of the unit that decides it. The same rule for REST and gRPC.
/// </summary>
public static class DossierAccess
{
    public static bool MayAct(ClaimsPrincipal user, Dossier dossier) =>
        UnitScope.CanSee(user, dossier.UnitCode)
        || (dossier.HoldingUnitCode is { } holding && UnitScope.CanSee(user, holding))
        || (dossier.ResponsibleUnitCode is { } responsible && UnitScope.CanSee(user, responsible));
}
