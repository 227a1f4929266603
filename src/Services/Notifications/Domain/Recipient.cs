namespace Tthc.Notifications.Domain;

/// <summary>
/// Whom to tell about a dossier or a petition, and how: kept here and in Cases (or Feedback) only, never in events to
/// other services or in logs (Decree 13/2023). The citizen may opt out; no notice goes after that.
/// </summary>
public sealed class Recipient
{
    /// <summary>The dossier or petition code.</summary>
    public required string About { get; init; }

    /// <summary>case | petition</summary>
    public required string Subject { get; init; }

    public required string UnitCode { get; init; }

    public string? ResponsibleUnitCode { get; init; }

    [PersonalData]
    public string? Name { get; init; }

    public bool IsOrganisation { get; init; }

    [PersonalData]
    public string? Email { get; init; }

    [PersonalData]
    public string? Phone { get; init; }

    /// <summary>The channels chosen for notices nobody asked for, comma-separated (email,sms,zalo); empty: none.</summary>
    public string Channels { get; init; } = "";

    /// <summary>The lookup secret, encrypted (see <see cref="Data.SecretBox"/>): the notices' links open the dossier with it.</summary>
    public string? ProtectedSecret { get; private set; }

    /// <summary>The procedure's name, or the petition's title.</summary>
    public required string Topic { get; init; }

    /// <summary>Where the result is collected: the receiving unit's name.</summary>
    public string? UnitName { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Steps that happened before this are history (an imported dossier's past): no notice tells them.</summary>
    public DateTimeOffset? NotifyFrom { get; init; }

    public DateTimeOffset? OptedOutAt { get; private set; }

    public const string Case = "case";
    public const string Petition = "petition";

    public IEnumerable<string> ChosenChannels => Channels.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>How notices address the citizen: "Ông/Bà &lt;name&gt;", an organisation by its name, or a plain greeting.</summary>
    public string Addressee => Name is not { Length: > 0 } name ? "Quý Ông/Bà" : IsOrganisation ? name : $"Ông/Bà {name}";

    /// <summary>Where a channel's notice goes: the email for email, the phone for SMS and Zalo.</summary>
    public string? AddressFor(string channel) => channel == NoticeChannels.Email ? Email : Phone;

    public void OptOut(DateTimeOffset at) => OptedOutAt ??= at;

    public void KeepSecret(string protectedSecret) => ProtectedSecret = protectedSecret;
}
