using Pg2.Testing;
namespace Pg2.Models.SiteIndependent.Tests;

internal static class TestData
{
    public static string RepositoryFile(string relative) => Repository.File(relative);

    public static string SharedData => Repository.SharedData();

    public static string Dhfr => Path.Combine(SharedData, "proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
