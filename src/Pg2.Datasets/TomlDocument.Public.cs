namespace Pg2.Datasets;

// TomlDocument.cs names no accessibility so that each project compiling it chooses: public here, internal in Pg2.SageMaker.
public static partial class TomlDocument;
