namespace KubectlKlutch.Ownership;

/// <summary>What the plugin does about an owner: refuse (unless taken over) or proceed, and the words the plan and outcome carry.</summary>
public sealed record OwnerDecision(bool Refuse, string Note);

/// <summary>
/// The one table that decides (README "Who owns the field"): an owner that puts the field back
/// is refused unless the operator takes over on purpose; one told not to touch it, and the
/// last-applied state of `kubectl apply`, only get a note.
/// </summary>
public static class OwnerPolicy
{
    public const string TakeOverFlag = "--take-over";

    private sealed record Row(bool RefuseByDefault, Func<FieldOwner, string> Note);

    private static readonly Dictionary<OwnerClass, Row> Table = new()
    {
        [OwnerClass.RevertsSoon] = new(true, o => $"{o.Unit} will put it back{(o.Reverts == Reverts.Now ? " soon" : "")} unless its source changes ({o.Detail})"),
        [OwnerClass.RevertsNextRun] = new(true, o => $"{o.Unit} will put it back at the next sync/upgrade unless its source changes ({o.Detail})"),
        [OwnerClass.ToldNotToTouch] = new(false, o => $"owned by {o.Unit}, which is told not to touch it ({o.Detail})"),
        [OwnerClass.ApplyStateOnly] = new(false, o => $"applied with kubectl apply: {o.Detail}"),
    };

    public static OwnerDecision Decide(FieldOwner owner, bool takeOver)
    {
        var row = Table[owner.Class];
        return new(row.RefuseByDefault && !takeOver, row.Note(owner));
    }

    /// <summary>The refusal: names the owner and what to change instead.</summary>
    public static string Refusal(string component, string where, string field, FieldOwner owner) =>
        $"{component} in {where}: {field} is owned by {owner.Unit}{(owner.Manager is { } m ? $" (field manager {m})" : "")}, and {owner.Detail}: "
        + $"{owner.Instead} instead, or pass {TakeOverFlag} to patch it anyway and have it put back";
}
