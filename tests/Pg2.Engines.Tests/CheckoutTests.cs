using Pg2.Contracts;

namespace Pg2.Engines.Tests;

/// <summary>The one finder of the pg2 checkout (the folder holding pg2.slnx) that the engines, the validator and <c>model new</c> share.</summary>
public sealed class CheckoutTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg2-checkout-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Above_ReturnsTheNearestFolderWithTheMarker()
    {
        var outer = Path.Combine(_root, "outer");
        var inner = Path.Combine(outer, "models", "inner");
        var deep = Directory.CreateDirectory(Path.Combine(inner, "src", "x")).FullName;
        File.WriteAllText(Path.Combine(outer, Checkout.Marker), "<Solution />");
        File.WriteAllText(Path.Combine(inner, Checkout.Marker), "<Solution />");

        Assert.Equal(inner, Checkout.Above(deep));
        Assert.Equal(outer, Checkout.Above(Path.Combine(outer, "models")));
    }

    [Fact]
    public void Above_IsNullOutsideAnyCheckout() =>
        Assert.Null(Checkout.Above(Directory.CreateDirectory(Path.Combine(_root, "loose", "model")).FullName));

    [Fact]
    public void Find_PrefersTheCheckoutAboveTheStartFolder()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "models", "m")).FullName;
        File.WriteAllText(Path.Combine(_root, Checkout.Marker), "<Solution />");

        // The tests run from the repository's own checkout, which Find would reach next.
        Assert.Equal(_root, Checkout.Find(model));
    }
}
