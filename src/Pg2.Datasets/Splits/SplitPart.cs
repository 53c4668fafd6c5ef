namespace Pg2.Datasets.Splits;

/// <summary>Which side of a train/valid/test split a row is on.</summary>
public enum SplitPart
{
    /// <summary>Training rows.</summary>
    Train,
    /// <summary>Validation rows.</summary>
    Valid,
    /// <summary>Test rows.</summary>
    Test,
}

/// <summary>Splits the rows of one target into train, valid and test.</summary>
public interface ISplitStrategy
{
    /// <summary>Assigns every row of <paramref name="view"/> to a part.</summary>
    SplitAssignment Split(Assays.TargetView view);
}
