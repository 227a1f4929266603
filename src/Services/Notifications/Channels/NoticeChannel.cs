namespace Tthc.Notifications.Channels;

/// <summary>A way to reach citizens: a mail server, an SMS gateway, Zalo.</summary>
public interface INoticeChannel
{
    /// <summary>email | sms | zalo</summary>
    string Name { get; }

    /// <summary>Sends notices of this channel together (one connection for email); one outcome per notice, in order.</summary>
    Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingNotice> notices, CancellationToken cancellationToken);
}

/// <summary>A notice as it leaves: its text complete (the dossier's current secret in its links), not kept anywhere.</summary>
public sealed record OutgoingNotice(Guid Id, string About, string Kind, string Address, string Title, string Text, string? Fields);

/// <summary>What became of one attempt: taken (with the provider's id), failed for now, or refused for good.</summary>
public sealed record SendOutcome(bool Sent, string? ProviderMessageId, string? Error, bool Permanent)
{
    public static SendOutcome Taken(string? providerMessageId) => new(true, providerMessageId, null, false);

    public static SendOutcome TryAgain(string error) => new(false, null, error, false);

    public static SendOutcome GiveUp(string error) => new(false, null, error, true);

    public static IReadOnlyList<SendOutcome> All(int count, SendOutcome outcome) => Enumerable.Repeat(outcome, count).ToList();
}

public static class PhoneNumbers
{
    /// <summary>A Vietnamese number in the international form providers take: 0905123456 → 84905123456.</summary>
    public static string International(string phone) => phone.StartsWith('0') ? "84" + phone[1..] : phone.TrimStart('+');
}
