namespace Tthc.Feedback;

/// <summary>
/// The province's settings for petitions and ratings, section <c>Feedback</c>. The deadlines, in working days, default
/// to what the National Public Service Portal scores (Decree 20/2008 as amended by Decree 92/2017).
/// </summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    /// <summary>To accept or refuse a petition, from its receipt.</summary>
    public double ClassifyDays { get; set; } = 2;

    /// <summary>To forward it to the competent unit, from its receipt.</summary>
    public double ForwardDays { get; set; } = 5;

    /// <summary>To answer it, from its receipt (time waiting for the sender's information does not count).</summary>
    public double AnswerDays { get; set; } = 15;

    /// <summary>To publish the answer, from the answer.</summary>
    public double PublishDays { get; set; } = 2;

    /// <summary>How long (calendar days) a citizen may change a rating after giving it.</summary>
    public int RatingChangeDays { get; set; } = 7;

    /// <summary>The public address of the gateway, for links in the Atom feed; relative links when empty.</summary>
    public string? PublicBaseUrl { get; set; }
}
